import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPlainMsgIdGenerator, decodePlainMessage, encodePlainMessage } from '../../src/exchange/index.js';
import { hex, toHex } from './helpers.js';

const sample = JSON.parse(readFileSync(new URL('../vectors/auth-key-exchange.json', import.meta.url), 'utf8')) as {
  official_sample_2025: { steps: Array<Record<string, unknown>> };
};
const messages = sample.official_sample_2025.steps.filter((s) => typeof s.payload === 'string');

function rule(expected: string) {
  return (err: Error & { rule?: string }) => err.name === 'SecurityError' && err.rule === expected;
}

test('every sample message decodes to its msg_id and body and re-encodes identically', () => {
  assert.equal(messages.length, 6);
  for (const m of messages) {
    const packet = hex(m.payload as string);
    const { msgId, body } = decodePlainMessage(packet);
    assert.equal(msgId, BigInt(m.msg_id as string), m.message as string);
    assert.equal(toHex(body), m.body);
    assert.equal(toHex(encodePlainMessage(msgId, body)), m.payload);
  }
});

test('negative msg ids round-trip as signed longs', () => {
  const body = new Uint8Array([1, 2, 3, 4]);
  assert.equal(decodePlainMessage(encodePlainMessage(-4n, body)).msgId, -4n);
});

test('a packet shorter than the header is refused', () => {
  assert.throws(() => decodePlainMessage(new Uint8Array(19)), rule('plain-too-short'));
});

test('a non-zero auth_key_id is refused', () => {
  const packet = encodePlainMessage(4n, new Uint8Array(4));
  packet[3] = 1;
  assert.throws(() => decodePlainMessage(packet), rule('plain-auth-key-id'));
});

test('a length field that disagrees with the packet is refused', () => {
  const packet = encodePlainMessage(4n, new Uint8Array(8));
  assert.throws(() => decodePlainMessage(packet.subarray(0, packet.length - 4)), rule('plain-length'));
  const longer = new Uint8Array(packet.length + 4);
  longer.set(packet);
  assert.throws(() => decodePlainMessage(longer), rule('plain-length'));
});

test('a length that is not a positive multiple of 4 is refused', () => {
  assert.throws(() => decodePlainMessage(encodePlainMessage(4n, new Uint8Array(6))), rule('plain-length'));
  assert.throws(() => decodePlainMessage(encodePlainMessage(4n, new Uint8Array(0))), rule('plain-length'));
});

test('msg_id 0 is refused', () => {
  assert.throws(() => decodePlainMessage(encodePlainMessage(0n, new Uint8Array(4))), rule('plain-msg-id'));
});

test('plain msg ids increase strictly and carry the side in their low bits', () => {
  const frozen = () => 1_700_000_000.5;
  for (const [side, rem] of [['client', 0n], ['server', 1n]] as const) {
    const next = createPlainMsgIdGenerator(side, frozen);
    let last = 0n;
    for (let i = 0; i < 5; i++) {
      const id = next();
      assert.ok(id > last);
      assert.equal(id & 3n, rem);
      assert.equal(id >> 32n, 1_700_000_000n);
      last = id;
    }
  }
});
