/** Client ↔ server exchanges over the in-memory packet pair. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeoutError, CancelledError, ClosedError } from '../../src/errors.js';
import { createAuthKey, KeyExchangeError } from '../../src/exchange/index.js';
import { createPacketPair } from '../helpers/packet-pair.js';
import { serveExchange, serverKey } from './helpers.js';
import type { ServerAuthKeyResult } from '../../src/exchange/server-side.js';

function asKey(outcome: ServerAuthKeyResult | Error): ServerAuthKeyResult {
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

test('client and server derive the same permanent key', async () => {
  const [c, s] = createPacketPair();
  const server = serveExchange(s, { dcId: 2 });
  const result = await createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2 });
  const serverResult = asKey(await server.outcome);
  assert.equal(result.authKey.length, 256);
  assert.deepEqual(result.authKey, serverResult.authKey);
  assert.equal(result.authKeyId, serverResult.authKeyId);
  assert.equal(result.serverSalt, serverResult.serverSalt);
  assert.equal(result.expiresAt, undefined);
  assert.equal(serverResult.tempExpiresAt, undefined);
  assert.ok(Math.abs(result.timeOffset) <= 1);
  assert.ok(server.sx.finished);
  c.close();
});

test('temporary key: both sides agree on the key and its expiry', async () => {
  const [c, s] = createPacketPair();
  // the server checks plaintext msg_ids against its clock, so it runs near real time; the clocks are
  // fixed values so the expiry is exact
  const now = Math.floor(Date.now() / 1000) + 20;
  const localMs = (now - 20) * 1000 - 19_500; // the client's clock: 39.5 s behind the server
  const server = serveExchange(s, { dcId: 4, now: () => now });
  const result = await createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 4, tempExpiresIn: 3600, now: () => localMs });
  const serverResult = asKey(await server.outcome);
  assert.deepEqual(result.authKey, serverResult.authKey);
  assert.equal(result.expiresAt, now + 3600);
  assert.equal(serverResult.tempExpiresAt, now + 3600);
  assert.equal(result.timeOffset, now - Math.floor(localMs / 1000)); // both clocks injected: no second boundary to cross
  c.close();
});

test('test-mode and media DC ids are accepted by a matching server', async () => {
  for (const media of [false, true]) {
    const [c, s] = createPacketPair();
    const server = serveExchange(s, { dcId: 2, testMode: true });
    const result = await createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, testMode: true, media });
    assert.deepEqual(result.authKey, asKey(await server.outcome).authKey);
    c.close();
  }
});

test('dh_gen_retry: the client retries with retry_id and both sides end on the same key', async () => {
  const [c, s] = createPacketPair();
  const rejected: bigint[] = [];
  const server = serveExchange(s, {
    acceptAuthKeyId: (id) => {
      if (rejected.length < 2) {
        rejected.push(id);
        return false;
      }
      return true;
    },
  });
  const result = await createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2 });
  assert.equal(rejected.length, 2);
  assert.ok(!rejected.includes(result.authKeyId));
  assert.deepEqual(result.authKey, asKey(await server.outcome).authKey);
  c.close();
});

test('dh_gen_fail after too many retries is reported as KeyExchangeError(dh-gen-fail)', async () => {
  const [c, s] = createPacketPair();
  serveExchange(s, { acceptAuthKeyId: () => false, maxRetries: 1 });
  await assert.rejects(
    createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2 }),
    (err) => err instanceof KeyExchangeError && err.kind === 'dh-gen-fail',
  );
  c.close();
});

test('the client gives up after maxRetries dh_gen_retry answers', async () => {
  const [c, s] = createPacketPair();
  serveExchange(s, { acceptAuthKeyId: () => false, maxRetries: 10 });
  await assert.rejects(
    createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, maxRetries: 1 }),
    (err) => err instanceof KeyExchangeError && err.kind === 'too-many-retries',
  );
  c.close();
});

test('a server that never answers times out without leaving timers behind', async () => {
  const [c] = createPacketPair();
  await assert.rejects(
    createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, timeoutMs: 50 }),
    (err) => err instanceof TimeoutError && err.timeoutMs === 50,
  );
  c.close();
});

test('aborting the signal cancels the exchange; an aborted signal fails at once', async () => {
  const [c] = createPacketPair();
  const ac = new AbortController();
  const pending = createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, signal: ac.signal });
  setImmediate(() => ac.abort(new Error('user')));
  await assert.rejects(pending, (err) => err instanceof CancelledError);
  await assert.rejects(createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, signal: ac.signal }), (err) => err instanceof CancelledError);
  c.close();
});

test('the connection closing mid-exchange rejects with ClosedError', async () => {
  const [c, s] = createPacketPair();
  s.onPacket(() => s.close());
  await assert.rejects(createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2 }), (err) => err instanceof ClosedError);
});

test('invalid options are refused before anything is sent', async () => {
  const [c] = createPacketPair();
  await assert.rejects(createAuthKey(c, { publicKeys: [], dcId: 2 }), (err) => err instanceof KeyExchangeError && err.kind === 'invalid-options');
  await assert.rejects(createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 0 }), (err) => err instanceof KeyExchangeError);
  await assert.rejects(
    createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, tempExpiresIn: -1 }),
    (err) => err instanceof KeyExchangeError && err.kind === 'invalid-options',
  );
  assert.equal(c.bytesOut, 0);
  c.close();
});
