/** Server-side checks: each violation throws SecurityError and the exchange refuses to go on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aesIgeDecrypt, aesIgeEncrypt, deriveTmpAesKeyIv, factorizePQ, randomBytes, rsaPadEncrypt } from '../../src/crypto/index.js';
import { createAuthKey, createPlainMsgIdGenerator, decodePlainMessage, encodePlainMessage } from '../../src/exchange/index.js';
import { ServerKeyExchange } from '../../src/exchange/server-side.js';
import { encodeRequest } from '../../src/exchange/tl-io.js';
import { readExchangeRequest } from '../../src/exchange/server-requests.js';
import { unwrapWithHash, wrapWithHash } from '../../src/exchange/answer-hash.js';
import { TELEGRAM_DH_PRIME } from '../../src/exchange/dh-params.js';
import { createPacketPair } from '../helpers/packet-pair.js';
import { decodeLoose, encodeLoose, recordingRandom, serveExchange, serverKey } from './helpers.js';
import type { Obj } from './helpers.js';


function isSecurity(rule?: string) {
  return (err: unknown): boolean => {
    const e = err as Error & { rule?: string };
    assert.equal(e.name, 'SecurityError', String(err));
    if (rule !== undefined) assert.equal(e.rule, rule, String(err));
    return true;
  };
}

/** Drives a ServerKeyExchange by hand with increasing client msg ids. */
function manualClient(opts: { dcId?: number } = {}) {
  const sx = new ServerKeyExchange({ keys: [serverKey()], dcId: opts.dcId ?? 2 });
  const nextMsgId = createPlainMsgIdGenerator('client');
  const send = (body: Uint8Array) => sx.handlePacket(encodePlainMessage(nextMsgId(), body));
  const reply = (step: { reply?: Uint8Array }) => decodeLoose(decodePlainMessage(step.reply as Uint8Array).body);
  return { sx, send, reply };
}

/** Performs req_pq_multi and returns what the client needs for req_DH_params. */
function startExchange(m: ReturnType<typeof manualClient>) {
  const nonce = randomBytes(16);
  const resPq = m.reply(m.send(encodeRequest({ _: 'req_pq_multi', nonce })));
  assert.equal(resPq._, 'resPQ');
  return { nonce, resPq };
}

function innerFor(nonce: Uint8Array, resPq: Obj, p: Uint8Array, q: Uint8Array, extra: Partial<Record<string, unknown>> = {}) {
  return encodeLoose({
    _: 'p_q_inner_data_dc',
    pq: resPq.pq,
    p,
    q,
    nonce,
    serverNonce: resPq.serverNonce,
    newNonce: randomBytes(32),
    dc: 2,
    ...extra,
  });
}

function factor(pqBytes: Uint8Array): [Uint8Array, Uint8Array] {
  const [p, q] = factorizePQ(BigInt(`0x${Buffer.from(pqBytes).toString('hex')}`));
  const b = (n: bigint) => Uint8Array.from(Buffer.from(n.toString(16).padStart(8, '0'), 'hex'));
  return [b(p), b(q)];
}

test('req_DH_params with garbage instead of RSA_PAD data → SecurityError', async () => {
  const m = manualClient();
  const { nonce, resPq } = startExchange(m);
  const [p, q] = factor(resPq.pq as Uint8Array);
  const req = { _: 'req_DH_params', nonce, serverNonce: resPq.serverNonce, p, q, publicKeyFingerprint: serverKey().publicKey.fingerprint, encryptedData: randomBytes(256) };
  assert.throws(() => m.send(encodeLoose(req)), isSecurity());
  // a failed exchange stays failed
  assert.throws(() => m.send(encodeRequest({ _: 'req_pq_multi', nonce })), isSecurity('exchange-failed'));
});

for (const [field, rule] of [
  ['nonce', 'nonce'],
  ['serverNonce', 'server-nonce'],
] as const) {
  test(`req_DH_params with a wrong ${field} → SecurityError(${rule})`, async () => {
    const m = manualClient();
    const { nonce, resPq } = startExchange(m);
    const [p, q] = factor(resPq.pq as Uint8Array);
    const encryptedData = rsaPadEncrypt(innerFor(nonce, resPq, p, q), serverKey().publicKey);
    const req = { _: 'req_DH_params', nonce, serverNonce: resPq.serverNonce, p, q, publicKeyFingerprint: serverKey().publicKey.fingerprint, encryptedData } as Obj;
    req[field] = randomBytes(16);
    assert.throws(() => m.send(encodeLoose(req)), isSecurity(rule));
  });

  test(`p_q_inner_data with a wrong ${field} → SecurityError(${rule})`, async () => {
    const m = manualClient();
    const { nonce, resPq } = startExchange(m);
    const [p, q] = factor(resPq.pq as Uint8Array);
    const encryptedData = rsaPadEncrypt(innerFor(nonce, resPq, p, q, { [field]: randomBytes(16) }), serverKey().publicKey);
    const req = { _: 'req_DH_params', nonce, serverNonce: resPq.serverNonce, p, q, publicKeyFingerprint: serverKey().publicKey.fingerprint, encryptedData };
    assert.throws(() => m.send(encodeLoose(req)), isSecurity(rule));
  });
}

test('req_DH_params with wrong p/q, unknown fingerprint, wrong dc → SecurityError', async () => {
  const cases: Array<[string, (r: Obj) => void, string, Record<string, unknown>?]> = [
    ['p/q', (r) => ((r.p as Uint8Array)[0] ^= 1), 'pq-factors'],
    ['fingerprint', (r) => (r.publicKeyFingerprint = 1n), 'fingerprint'],
    ['dc', () => undefined, 'dc', { dc: 3 }],
    ['expires_in', () => undefined, 'expires-in', { _: 'p_q_inner_data_temp_dc', expiresIn: 0 }],
  ];
  for (const [, change, rule, extra] of cases) {
    const m = manualClient();
    const { nonce, resPq } = startExchange(m);
    const [p, q] = factor(resPq.pq as Uint8Array);
    const encryptedData = rsaPadEncrypt(innerFor(nonce, resPq, p, q, extra), serverKey().publicKey);
    const req = { _: 'req_DH_params', nonce, serverNonce: resPq.serverNonce, p: p.slice(), q, publicKeyFingerprint: serverKey().publicKey.fingerprint, encryptedData } as Obj;
    change(req);
    assert.throws(() => m.send(encodeLoose(req)), isSecurity(rule));
  }
});

test('messages out of order → SecurityError(out-of-order)', () => {
  const m = manualClient();
  const set = { _: 'set_client_DH_params', nonce: randomBytes(16), serverNonce: randomBytes(16), encryptedData: randomBytes(32) };
  assert.throws(() => m.send(encodeLoose(set)), isSecurity('out-of-order'));
  const m2 = manualClient();
  m2.send(encodeRequest({ _: 'req_pq_multi', nonce: randomBytes(16) }));
  assert.throws(() => m2.send(encodeRequest({ _: 'req_pq_multi', nonce: randomBytes(16) })), isSecurity('out-of-order'));
});

test('client msg ids: ≡ 0 (mod 4), inside the time window, never repeated — but not necessarily increasing', () => {
  const now = Math.floor(Date.now() / 1000);
  const id = (seconds: number, frac = 0) => (BigInt(seconds) << 32n) | BigInt(frac * 4);
  const reqPq = () => encodeRequest({ _: 'req_pq_multi', nonce: randomBytes(16) });
  const fresh = () => new ServerKeyExchange({ keys: [serverKey()], dcId: 2, now: () => now });
  assert.throws(() => fresh().handlePacket(encodePlainMessage(id(now) | 1n, reqPq())), isSecurity('msg-id'));
  assert.throws(() => fresh().handlePacket(encodePlainMessage(id(now - 301), reqPq())), isSecurity('msg-id'));
  assert.throws(() => fresh().handlePacket(encodePlainMessage(id(now + 31), reqPq())), isSecurity('msg-id'));
  fresh().handlePacket(encodePlainMessage(id(now - 299), reqPq()));
  fresh().handlePacket(encodePlainMessage(id(now + 29), reqPq()));
  // a client that adopts the server's time mid-exchange sends a lower msg_id next: not a violation
  const sx = fresh();
  sx.handlePacket(encodePlainMessage(id(now + 20), reqPq()));
  assert.throws(() => sx.handlePacket(encodePlainMessage(id(now + 1), reqPq())), isSecurity('out-of-order'), 'judged on the request, not the id');
  // a repeated msg_id is refused before anything else
  const sx2 = fresh();
  sx2.handlePacket(encodePlainMessage(id(now, 5), reqPq()));
  assert.throws(() => sx2.handlePacket(encodePlainMessage(id(now, 5), reqPq())), isSecurity('msg-id'));
});

test('something that is not an exchange request → SecurityError', () => {
  const m = manualClient();
  assert.throws(() => m.send(encodeLoose({ _: 'pong', msgId: 1n, pingId: 2n })), isSecurity('unexpected-request'));
  const m2 = manualClient();
  assert.throws(() => m2.send(Uint8Array.of(0xf1, 0x8e, 0x7e, 0xbe, 1, 2, 3, 4)), isSecurity('tl-decode'));
});

/** A full exchange where the client's set_client_DH_params is rewritten in flight. */
async function tamperClientDh(change: (inner: Obj) => void, rewrapBad = false): Promise<unknown> {
  let serverNonce: Uint8Array | undefined;
  const rec = recordingRandom();
  const [c, s] = createPacketPair({
    intercept(packet, from) {
      const { msgId, body } = decodePlainMessage(packet);
      if (from === 1) {
        const obj = decodeLoose(body);
        if (obj._ === 'resPQ') serverNonce = obj.serverNonce as Uint8Array;
        return undefined;
      }
      const req = readExchangeRequest(body);
      if (req._ !== 'set_client_DH_params' || !serverNonce) return undefined;
      const tmp = deriveTmpAesKeyIv(serverNonce, rec.last(32));
      const data = unwrapWithHash(aesIgeDecrypt(req.encryptedData, tmp.key, tmp.iv), 't', 'client data');
      const inner = decodeLoose(data);
      change(inner);
      let wrapped = wrapWithHash(encodeLoose(inner), randomBytes);
      if (rewrapBad) wrapped[0] ^= 1;
      const encryptedData = aesIgeEncrypt(wrapped, tmp.key, tmp.iv);
      return encodePlainMessage(msgId, encodeLoose({ ...req, encryptedData }));
    },
  });
  const server = serveExchange(s);
  await assert.rejects(createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, random: rec.random }));
  return server.outcome;
}

test('g_b out of range (1, p − 1) → SecurityError and the connection is closed', async () => {
  const pMinus1 = TELEGRAM_DH_PRIME.slice();
  pMinus1[255] -= 1;
  for (const gB of [Uint8Array.of(1), pMinus1]) {
    const outcome = await tamperClientDh((inner) => (inner.gB = gB));
    isSecurity()(outcome);
  }
});

test('client_DH_inner_data with a wrong SHA-1, nonce or retry_id → SecurityError', async () => {
  isSecurity('client-data-hash')(await tamperClientDh(() => undefined, true));
  isSecurity('nonce')(await tamperClientDh((i) => (i.nonce = randomBytes(16))));
  isSecurity('server-nonce')(await tamperClientDh((i) => (i.serverNonce = randomBytes(16))));
  isSecurity('retry-id')(await tamperClientDh((i) => (i.retryId = 5n)));
});
