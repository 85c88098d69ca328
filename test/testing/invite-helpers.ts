/**
 * Shared pieces of the invite-link spec tests: a TCP harness per test (closed after it), the exact
 * wire-error matcher, and small readers of invite results.
 */
import { afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TcpWorldHarness, type TcpWorldHarnessOptions } from '../../src/testing/world/tcp-harness.js';
import type { ChatInviteExported, ExportedChatInvite } from '../../src/tl/index.js';

/** The exact wire error: an RpcError with this code and type. */
export const err = (type: string, code = 400) => ({ name: 'RpcError', code, type });

/** The hash part of a `https://t.me/+HASH` link. */
export const hashOf = (link: string) => link.slice('https://t.me/+'.length);

/** Asserts a `chatInviteExported` and returns it typed. */
export function exported(inv: ExportedChatInvite): ChatInviteExported {
  assert.equal(inv._, 'chatInviteExported');
  return inv as ChatInviteExported;
}

// Every call goes over TCP through a real Client; errors are RpcErrors decoded off the wire.
const open: TcpWorldHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** A fresh TestServer + world with one Client per acting user; closed after the current test. */
export async function harness(options: TcpWorldHarnessOptions = {}): Promise<TcpWorldHarness> {
  const h = await TcpWorldHarness.start(options);
  open.push(h);
  return h;
}
