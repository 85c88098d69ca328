import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpcError } from '../../src/client/errors.js';
import { TestServer } from '../../src/testing/index.js';
import { runCli } from './run-cli.js';

test('call: JSON in, JSON out, RPC errors exit 1, the session remembers the server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-cli-call-'));
  const server = await TestServer.start({ installWorld: false });
  try {
    server.handle('help.getNearestDc', () => ({ _: 'nearestDc' as const, country: 'ZZ', thisDc: 2, nearestDc: 2 }));
    server.handle('messages.exportChatInvite', () => {
      throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
    });
    let seen: unknown;
    server.handle('messages.getChats', (req) => {
      seen = req;
      return { _: 'messages.chats' as const, chats: [{ _: 'chatForbidden' as const, id: req.id[0]!, title: 'gone' }] };
    });
    const key = join(dir, 'key.pem');
    writeFileSync(key, server.publicKeys[0]!.pem);
    const session = join(dir, 'cli.session');

    const first = await runCli(['call', 'help.getNearestDc', '--server', `127.0.0.1:${server.address.port}`, '--key', key, '--session', session]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { _: 'nearestDc', country: 'ZZ', thisDc: 2, nearestDc: 2 });
    assert.match(readFileSync(session, 'utf8'), /127\.0\.0\.1/);

    // later commands need only --session (no --server, no --key, no api id)
    const ids = await runCli(['call', 'getChats', '{"id":["77"]}', '--session', session]);
    assert.equal(ids.code, 0, ids.stderr);
    assert.deepEqual(seen, { _: 'messages.getChats', id: [77] });
    assert.deepEqual(JSON.parse(ids.stdout), { _: 'messages.chats', chats: [{ _: 'chatForbidden', id: 77, title: 'gone' }] });

    const failed = await runCli(['call', 'messages.exportChatInvite', '{"peer":{"_":"inputPeerChannel","channelId":5,"accessHash":"-42"}}', '--session', session]);
    assert.equal(failed.code, 1);
    assert.equal(failed.stdout, '');
    assert.match(failed.stderr, /^error: 400 CHAT_ADMIN_REQUIRED \(messages\.exportChatInvite\)$/m);

    const missing = await runCli(['call', 'help.getPremiumPromo', '--session', session]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error: 400 METHOD_INVALID \(help\.getPremiumPromo\)/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
