/**
 * The official worked example (core.telegram.org/mtproto/samples-auth_key) replayed against the client:
 * the server's messages come from the page, the client's randomness and msg ids are injected, and
 * everything the client can reproduce is compared byte for byte (the RSA_PAD part cannot be: its
 * temp_key is not published).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePublicKey } from '../../src/crypto/index.js';
import { createAuthKey, decodePlainMessage } from '../../src/exchange/index.js';
import { createPacketPair } from '../helpers/packet-pair.js';
import { hex, toHex } from './helpers.js';

interface Step {
  [k: string]: unknown;
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/auth-key-exchange.json', import.meta.url), 'utf8')) as Record<
  'official_sample_2025' | 'official_sample_2024',
  { steps: Step[] }
>;
const steps = vectors.official_sample_2025.steps;
const str = (i: number, k: string): string => steps[i][k] as string;
const keys = JSON.parse(readFileSync(new URL('../../data/public-keys.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const productionKeys = (keys.production as Array<{ pem: string }>).map((k) => parsePublicKey(k.pem));

for (const version of ['official_sample_2025', 'official_sample_2024'] as const) {
  test(`${version}: client reproduces set_client_DH_params and the auth key`, async () => {
    const steps = vectors[version].steps;
    const str = (i: number, k: string): string => steps[i][k] as string;
    const [clientConn, serverConn] = createPacketPair();
    const sent: Uint8Array[] = [];
    // server replies straight from the sample, in order
    const replies = [str(1, 'payload'), str(5, 'payload'), str(10, 'payload')];
    serverConn.onPacket((packet) => {
      sent.push(packet);
      const reply = replies.shift();
      if (reply) serverConn.send(hex(reply));
    });
    // client randomness: nonce, new_nonce, b, then the 12 padding bytes of client_DH_inner_data
    const randomQueue = [hex(str(0, 'nonce')), hex(str(3, 'new_nonce')), hex(str(7, 'b')), hex(str(7, 'padding'))];
    const msgIds = [str(0, 'msg_id'), str(4, 'msg_id'), str(8, 'msg_id')].map(BigInt);
    const result = await createAuthKey(clientConn, {
      publicKeys: productionKeys,
      dcId: 2,
      random: (n) => {
        const next = randomQueue.shift();
        assert.ok(next, `unexpected random(${n}) call`);
        assert.equal(next.length, n);
        return next;
      },
      nextMsgId: () => msgIds.shift() ?? 0n,
    });
    clientConn.close();

    assert.equal(sent.length, 3);
    assert.equal(toHex(sent[0]), str(0, 'payload'), 'req_pq_multi');
    // req_DH_params: everything up to encrypted_data matches (RSA_PAD output is random)
    const reqDh = decodePlainMessage(sent[1]);
    assert.equal(reqDh.msgId, BigInt(str(4, 'msg_id')));
    const expectedBody = hex(str(4, 'body'));
    assert.equal(reqDh.body.length, expectedBody.length);
    assert.equal(toHex(reqDh.body.subarray(0, 64)), toHex(expectedBody.subarray(0, 64)));
    assert.equal(toHex(sent[2]), str(8, 'payload'), 'set_client_DH_params');

    assert.equal(toHex(result.authKey), str(9, 'auth_key'));
    assert.equal(result.authKeyId, BigInt(str(9, 'auth_key_id_int64')));
    assert.equal(result.serverSalt, BigInt(str(9, 'first_server_salt_int64')));
    const serverTime = (steps[6].parsed as { server_time: number }).server_time;
    assert.ok(Math.abs(result.timeOffset - (serverTime - Math.floor(Date.now() / 1000))) <= 1);
    assert.equal(result.expiresAt, undefined);
  });
}

test('official sample: a server answer with a flipped encrypted_answer byte is refused', async () => {
  const [clientConn, serverConn] = createPacketPair();
  const tampered = hex(str(5, 'payload'));
  tampered[200] ^= 0x01;
  const replies = [hex(str(1, 'payload')), tampered];
  serverConn.onPacket(() => {
    const reply = replies.shift();
    if (reply) serverConn.send(reply);
  });
  const randomQueue = [hex(str(0, 'nonce')), hex(str(3, 'new_nonce'))];
  await assert.rejects(
    createAuthKey(clientConn, {
      publicKeys: productionKeys,
      dcId: 2,
      random: (n) => randomQueue.shift() ?? new Uint8Array(n),
    }),
    (err: Error & { rule?: string }) => err.name === 'SecurityError' && err.rule === 'answer-hash',
  );
  clientConn.close();
});
