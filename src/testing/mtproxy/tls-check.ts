/**
 * The front's checks of a FakeTLS ClientHello, in MTProxy's order: structure, SNI, replay
 * (recorded before the digest is checked, so even a forged hello cannot be retried), digest,
 * timestamp window, cipher suite.
 * @module
 */
import { hmacSha256, timingSafeEqual } from '../../crypto/index.js';
import { CLIENT_RANDOM_OFFSET } from '../../transport/mtproxy/client-hello.js';
import { ClientHelloError, isGrease, parseClientHello } from './client-hello-parser.js';
import type { ReplayCache } from './replay-cache.js';

/** Why the front refused a connection. */
export type MtproxyRejectReason =
  | 'malformed-hello'
  | 'sni'
  | 'replayed-hello'
  | 'bad-digest'
  | 'timestamp'
  | 'cipher-suite'
  | 'early-data'
  | 'not-tls'
  | 'bad-tag'
  | 'replayed-init'
  | 'unknown-dc'
  | 'timeout';

/** Settings the check needs. */
export interface TlsCheckSettings {
  key: Uint8Array;
  /** Required SNI, or undefined to accept any. */
  domain: string | undefined;
  replay: ReplayCache;
  /** Unix seconds. */
  now: number;
  /** Accepted clock difference, seconds: `ts > now − past` and `ts ≤ now + future`. */
  pastSeconds: number;
  futureSeconds: number;
}

/** An accepted hello. */
export interface AcceptedHello {
  ok: true;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuite: number;
  timestamp: number;
}

/** A refused hello. */
export interface RefusedHello {
  ok: false;
  reason: MtproxyRejectReason;
  detail: string;
}

/** Checks one complete ClientHello record. */
export function checkClientHello(record: Uint8Array, s: TlsCheckSettings): AcceptedHello | RefusedHello {
  let hello;
  try {
    hello = parseClientHello(record);
  } catch (err) {
    if (err instanceof ClientHelloError) return { ok: false, reason: 'malformed-hello', detail: err.message };
    throw err;
  }
  if (hello.sessionId.length !== 32) return { ok: false, reason: 'malformed-hello', detail: `session_id of ${hello.sessionId.length} bytes` };
  if (s.domain !== undefined && hello.serverName !== s.domain) {
    return { ok: false, reason: 'sni', detail: `SNI ${hello.serverName ?? '(none)'} is not ${s.domain}` };
  }
  if (s.replay.checkAndAdd(hello.random.subarray(0, 16), s.now)) return { ok: false, reason: 'replayed-hello', detail: 'ClientHello random seen before' };

  const zeroed = record.slice();
  zeroed.fill(0, CLIENT_RANDOM_OFFSET, CLIENT_RANDOM_OFFSET + 32);
  const expected = hmacSha256(s.key, zeroed);
  if (!timingSafeEqual(expected.subarray(0, 28), hello.random.subarray(0, 28))) {
    return { ok: false, reason: 'bad-digest', detail: 'digest does not match the secret' };
  }
  let ts = 0;
  for (let i = 3; i >= 0; i--) ts = ts * 256 + ((expected[28 + i]! ^ hello.random[28 + i]!) & 0xff);
  if (ts > s.now + s.futureSeconds || ts <= s.now - s.pastSeconds) {
    return { ok: false, reason: 'timestamp', detail: `client time ${ts} is ${ts - s.now} s from ours` };
  }
  const suite = hello.cipherSuites.find((v) => !isGrease(v));
  if (suite === undefined || suite < 0x1301 || suite > 0x1303) {
    return { ok: false, reason: 'cipher-suite', detail: `first cipher suite 0x${(suite ?? 0).toString(16)} is not TLS 1.3` };
  }
  return { ok: true, random: hello.random, sessionId: hello.sessionId, cipherSuite: suite, timestamp: ts };
}
