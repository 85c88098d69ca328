// Bounded connecting: a call's signal and deadline bound everything it waits for (dial, key
// exchange, reconnect sleeps); failures a retry cannot fix end connecting at once. The tests
// assert what settles and with which error, never how long it took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SecurityError, randomBytes } from '../../src/crypto/index.js';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { CancelledError, TimeoutError } from '../../src/errors.js';
import { KeyExchangeError, TELEGRAM_DH_PRIME } from '../../src/exchange/index.js';
import { ConnectionFailedError, MtprotoSession } from '../../src/mtproto/index.js';
import type { MtprotoSessionOptions } from '../../src/mtproto/index.js';
import { connect } from '../../src/transport/index.js';
import type { PacketConnection } from '../../src/transport/index.js';
import { createPacketPair } from '../helpers/packet-pair.js';
import { ScriptedServer } from '../helpers/scripted-server.js';
import { INIT } from './setup.js';

const pair = generateRsaKeyPair();
const serverKey = { privateKeyPem: pair.privateKeyPem, publicKey: pair.publicKey };

/** Telegram's prime plus 6: odd, the same residue for g = 3, but not a safe prime. */
function badPrime(): Uint8Array {
  const hex = (BigInt(`0x${Buffer.from(TELEGRAM_DH_PRIME).toString('hex')}`) + 6n).toString(16).padStart(512, '0');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** A session that must create its key (no stored one). */
function keyless(dial: MtprotoSessionOptions['dial'], extra: Partial<MtprotoSessionOptions> = {}): MtprotoSession {
  return new MtprotoSession({
    dcId: 2,
    dial,
    publicKeys: [pair.publicKey],
    initConnection: INIT,
    reconnect: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 8 },
    ...extra,
  });
}

/** A TCP port on 127.0.0.1 that refuses connections (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** A server end that takes the connection and never says anything. */
function silentDial(signals: AbortSignal[]): MtprotoSessionOptions['dial'] {
  return async (signal) => {
    signals.push(signal);
    const [client, server] = createPacketPair();
    server.onPacket(() => undefined);
    signal.addEventListener('abort', () => client.close(), { once: true });
    return client as PacketConnection;
  };
}

test('a bad DH prime is a SecurityError at once: no retry, every pending call rejects with it', async () => {
  const server = new ScriptedServer({ exchange: { keys: [serverKey], dcId: 2, dhPrime: badPrime() } });
  const session = keyless(server.dial);
  const calls = [session.invoke({ _: 'help.getNearestDc' }), session.invoke({ _: 'help.getConfig' })];
  await assert.rejects(session.start(), (e: unknown) => e instanceof SecurityError && e.rule === 'dh_prime_not_safe');
  for (const call of calls) await assert.rejects(call, SecurityError);
  assert.equal(server.dials, 1, 'not retried');
  assert.equal(session.state, 'disconnected');
  await session.close();
});

test('the server refusing the key exchange (no known RSA key) is fatal too', async () => {
  const other = generateRsaKeyPair();
  const server = new ScriptedServer({ exchange: { keys: [{ privateKeyPem: other.privateKeyPem, publicKey: other.publicKey }], dcId: 2 } });
  const session = keyless(server.dial);
  const call = session.invoke({ _: 'help.getNearestDc' }, { timeout: 60_000 });
  await assert.rejects(session.start(), (e: unknown) => e instanceof KeyExchangeError && e.kind === 'unknown-fingerprint');
  await assert.rejects(call, KeyExchangeError);
  assert.equal(server.dials, 1);
  await session.close();
});

test('a silent server: each attempt ends at the handshake timeout, then connecting gives up', async () => {
  const signals: AbortSignal[] = [];
  const session = keyless(silentDial(signals), { handshakeTimeoutMs: 30, reconnect: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } });
  await assert.rejects(session.start(), (e: unknown) => e instanceof ConnectionFailedError && e.attempts === 2 && e.cause instanceof TimeoutError);
  assert.equal(signals.length, 2);
  assert.ok(signals.every((s) => s.aborted), 'every attempt was abandoned');
  await session.close();
});

test('a silent server and start({ deadline }): TimeoutError at the deadline, and the attempt is abandoned', async () => {
  const signals: AbortSignal[] = [];
  const session = keyless(silentDial(signals), { handshakeTimeoutMs: 600_000 });
  await assert.rejects(session.start({ deadline: Date.now() + 50 }), TimeoutError);
  assert.equal(signals.length, 1);
  await new Promise((r) => setImmediate(r));
  assert.ok(signals[0]!.aborted, 'nobody waits any more: the key exchange stops');
  await session.close();
});

test('a silent server: a call with a deadline rejects with TimeoutError, one with a signal with CancelledError', async () => {
  const session = keyless(silentDial([]), { handshakeTimeoutMs: 600_000 });
  const timed = session.invoke({ _: 'help.getNearestDc' }, { deadline: Date.now() + 50 });
  const ctrl = new AbortController();
  const cancelled = session.invoke({ _: 'help.getNearestDc' }, { signal: ctrl.signal });
  await assert.rejects(timed, TimeoutError);
  ctrl.abort(new Error('user gave up'));
  await assert.rejects(cancelled, CancelledError);
  assert.equal(session.pendingCount, 0);
  await session.close();
});

test('a refused port with a stored key: start, timed calls and cancelled calls all settle while reconnecting', async () => {
  const port = await closedPort();
  const session = new MtprotoSession({
    dcId: 2,
    dial: (signal) => connect({ type: 'tcp', codec: 'intermediate', obfuscated: false, host: '127.0.0.1', port, dcId: 2, signal }),
    publicKeys: [],
    authKey: randomBytes(256),
    initConnection: INIT,
    reconnect: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 1000 },
  });
  await assert.rejects(session.start({ deadline: Date.now() + 150 }), TimeoutError);
  const timed = session.invoke({ _: 'help.getNearestDc' }, { timeout: 100 });
  const ctrl = new AbortController();
  const cancelled = session.invoke({ _: 'help.getNearestDc' }, { signal: ctrl.signal });
  await assert.rejects(timed, TimeoutError);
  ctrl.abort();
  await assert.rejects(cancelled, CancelledError);
  await session.close();
});

test('DC down (every dial fails): a queued call rejects at its deadline, not after the reconnect attempts', async () => {
  const server = new ScriptedServer();
  server.failConnects = 1_000_000;
  const session = new MtprotoSession({
    dcId: 2,
    dial: server.dial,
    publicKeys: [],
    authKey: server.authKey,
    initConnection: INIT,
    reconnect: { baseDelayMs: 10_000, maxDelayMs: 30_000, maxAttempts: 1000 },
  });
  await assert.rejects(session.invoke({ _: 'help.getNearestDc' }, { timeout: 50 }), TimeoutError);
  const ctrl = new AbortController();
  const start = session.start({ signal: ctrl.signal });
  ctrl.abort();
  await assert.rejects(start, CancelledError);
  await session.close();
});
