/** Shared fixtures of the exchange tests: server keys, a recording random source, a server loop. */
import { randomBytes } from '../../src/crypto/index.js';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { ServerKeyExchange } from '../../src/exchange/server-side.js';
import type { ServerAuthKeyResult, ServerKeyExchangeOptions, ServerRsaKey } from '../../src/exchange/server-side.js';
import type { PacketConnection } from '../../src/transport/types.js';
import { decodeObject, encodeObject } from '../../src/exchange/tl-io.js';
import type { mt } from '../../src/tl/index.js';

let cachedKey: ServerRsaKey | undefined;

/** One 2048-bit RSA key pair per test process (generating one takes a while). */
export function serverKey(): ServerRsaKey {
  if (!cachedKey) {
    const pair = generateRsaKeyPair();
    cachedKey = { privateKeyPem: pair.privateKeyPem, publicKey: pair.publicKey };
  }
  return cachedKey;
}

/** A random source that remembers what it returned, by size (16 = nonce, 32 = new_nonce, 256 = b). */
export function recordingRandom(): { random: (n: number) => Uint8Array; calls: Uint8Array[]; last(n: number): Uint8Array } {
  const calls: Uint8Array[] = [];
  return {
    calls,
    random(n: number) {
      const out = randomBytes(n);
      calls.push(out);
      return out;
    },
    last(n: number) {
      for (let i = calls.length - 1; i >= 0; i--) if (calls[i].length === n) return calls[i];
      throw new Error(`no random(${n}) call recorded`);
    },
  };
}

/** What {@link serveExchange} observed. */
export interface ServerRun {
  sx: ServerKeyExchange;
  /** Resolves with the server's key, or the error that made it close the connection. */
  outcome: Promise<ServerAuthKeyResult | Error>;
}

/**
 * Runs a `ServerKeyExchange` on `conn`: replies to each packet (after `tamper`, which may rewrite or
 * drop the reply), closes the connection on a server-side error.
 */
export function serveExchange(
  conn: PacketConnection,
  opts: Partial<ServerKeyExchangeOptions> = {},
  tamper?: (reply: Uint8Array, done: ServerAuthKeyResult | undefined) => Uint8Array | null,
): ServerRun {
  const sx = new ServerKeyExchange({ keys: [serverKey()], dcId: 2, ...opts });
  let settle!: (v: ServerAuthKeyResult | Error) => void;
  const outcome = new Promise<ServerAuthKeyResult | Error>((resolve) => (settle = resolve));
  conn.onClose((err) => settle(err ?? new Error('closed')));
  conn.onPacket((packet) => {
    try {
      const step = sx.handlePacket(packet);
      let reply = step.reply;
      if (reply && tamper) reply = tamper(reply, step.done) ?? undefined;
      if (reply && !conn.closed) conn.send(reply);
      if (step.done) settle(step.done);
    } catch (err) {
      settle(err as Error);
      conn.close(err as Error);
    }
  });
  return { sx, outcome };
}

/** Hex helpers. */
export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A decoded TL object handled loosely so tests can rewrite any field. */
export type Obj = { _: string; [field: string]: unknown };

/** Encodes a loosely built mt object or request (tests build invalid ones on purpose). */
export function encodeLoose(obj: Obj): Uint8Array {
  return encodeObject(obj as unknown as mt.AnyObject);
}

/** Decodes a boxed mt object as a loose record. */
export function decodeLoose(bytes: Uint8Array, exact = true): Obj {
  return decodeObject(bytes, 'test', exact) as unknown as Obj;
}
