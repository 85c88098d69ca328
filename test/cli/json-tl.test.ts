import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, entriesOf, constructorsOf, findByName } from '../../src/tl/index.js';
import type { TlEntry } from '../../src/tl/index.js';
import { JsonTlError, requestFromJson, tlToJson, valueFromJson } from '../../src/cli/json/index.js';

/** Deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64 = (n: number, r: () => number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256))).toString('base64');

/** A random JSON value of a registry type, in the CLI's JSON conventions. */
function randomJson(type: string, numberId: boolean, r: () => number, depth: number): unknown {
  const vec = /^[Vv]ector<(.*)>$/.exec(type);
  if (vec) {
    const n = depth > 3 ? 0 : Math.floor(r() * 3);
    return Array.from({ length: n }, () => randomJson(vec[1], numberId, r, depth + 1));
  }
  switch (type) {
    case 'int':
      return Math.floor(r() * 2 ** 32) - 2 ** 31;
    case 'long':
      if (numberId) return Math.floor(r() * 2 ** 40);
      return (BigInt(Math.floor(r() * 2 ** 32)) * 2n ** 31n - 2n ** 62n).toString();
    case 'double':
      return Math.round(r() * 1e6) / 100;
    case 'string':
      return r() < 0.5 ? 'héllo ✓' : `s${Math.floor(r() * 1000)}`;
    case 'bytes':
      return b64(Math.floor(r() * 40), r);
    case 'int128':
      return b64(16, r);
    case 'int256':
      return b64(32, r);
    case 'Bool':
      return r() < 0.5;
  }
  if (type.startsWith('!')) return { _: 'help.getConfig' };
  const choices = constructorsOf(type);
  assert.ok(choices.length > 0, `no constructors of ${type}`);
  // prefer field-less constructors deep down so objects stay small
  const pool = depth > 3 ? [...choices].sort((a, b) => a.params.length - b.params.length).slice(0, 1) : choices;
  return randomObject(pool[Math.floor(r() * pool.length)], r, depth + 1);
}

function randomObject(e: TlEntry, r: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { _: e.name };
  const bits = new Map<string, boolean>();
  for (const p of e.params) {
    if (p.type === '#') continue;
    if (p.flag) {
      const key = `${p.flag.field}.${p.flag.bit}`;
      if (!bits.has(key)) bits.set(key, depth < 4 && r() < 0.5);
      // the decoder reports every `true` flag as a boolean, so the JSON says false explicitly
      if (p.type === 'true') {
        out[p.camelName] = bits.get(key);
        continue;
      }
      if (!bits.get(key)) continue;
    }
    if (p.type === 'true') continue; // bare `true` outside flags carries nothing
    out[p.camelName] = randomJson(p.type, p.numberId === true, r, depth);
  }
  return out;
}

test('JSON → TL → bytes → TL → JSON round trips every api constructor and method', () => {
  const r = rng(228);
  let checked = 0;
  for (const e of [...entriesOf('api', 'constructor'), ...entriesOf('api', 'method')]) {
    if (e.type === 'Vector t' || e.name === 'vector') continue;
    for (let i = 0; i < 2; i++) {
      const json = randomObject(e, r, 0);
      const tl = e.kind === 'method' ? requestFromJson(e.name, json) : valueFromJson(e.type, json, e.name);
      const back = tlToJson(decode(encode(tl as never)));
      assert.deepEqual(back, json, `${e.name}`);
      checked++;
    }
  }
  assert.ok(checked > 3000, `checked ${checked}`);
});

test('converts the documented conventions', () => {
  const req = requestFromJson('messages.exportChatInvite', {
    peer: { _: 'inputPeerChannel', channel_id: '1000001', accessHash: '-9223372036854775808' },
    usage_limit: 5,
    requestNeeded: true,
    legacyRevokePermanent: false,
  });
  assert.deepEqual(req, {
    _: 'messages.exportChatInvite',
    peer: { _: 'inputPeerChannel', channelId: 1000001, accessHash: -(2n ** 63n) },
    usageLimit: 5,
    requestNeeded: true,
  });
  // a type with one constructor needs no `_`; numbers are fine for safe longs
  const pricing = valueFromJson('StarsSubscriptionPricing', { period: 2592000, amount: 100 }, 'x');
  assert.deepEqual(pricing, { _: 'starsSubscriptionPricing', period: 2592000, amount: 100n });
  // generic !X: a nested request
  const wrapped = requestFromJson('invokeWithLayer', { layer: 228, query: { _: 'help.getConfig' } });
  assert.deepEqual(wrapped, { _: 'invokeWithLayer', layer: 228, query: { _: 'help.getConfig' } });
  // bytes/int128 from base64, both alphabets
  assert.deepEqual(valueFromJson('bytes', '-_8=', 'b'), new Uint8Array([0xfb, 0xff]));
  assert.equal((valueFromJson('int128', Buffer.alloc(16, 7).toString('base64'), 'n') as Uint8Array).length, 16);
  // no params at all
  assert.deepEqual(requestFromJson('help.getConfig', undefined), { _: 'help.getConfig' });
});

function rejects(fn: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof JsonTlError, `expected JsonTlError, got ${String(err)}`);
    assert.equal(err.path, path);
    assert.match(err.problem, pattern);
    assert.ok(err.message.startsWith(`${path}: `));
    return true;
  });
}

test('every error names the bad field', () => {
  const m = 'messages.exportChatInvite';
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerChanel' } }), `${m}.peer._`, /unknown constructor 'inputPeerChanel' \(did you mean inputPeerChannel\?\)/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputUserSelf' } }), `${m}.peer._`, /'inputUserSelf' is a InputUser, but InputPeer is expected/);
  rejects(() => requestFromJson(m, { peer: { channelId: 1 } }), `${m}.peer._`, /missing constructor name; InputPeer is one of: inputPeerEmpty/);
  rejects(() => requestFromJson(m, {}), `${m}.peer`, /missing required field \(InputPeer\)/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerSelf' }, usageLimit: 'ten' }), `${m}.usageLimit`, /expected int/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerSelf' }, usageLimit: 2 ** 40 }), `${m}.usageLimit`, /expected int/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerSelf' }, usageLimt: 1 }), `${m}.usageLimt`, /unknown field of messages.exportChatInvite \(did you mean usageLimit\?\)/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerSelf' }, flags: 3 }), `${m}.flags`, /flags are computed/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerSelf' }, requestNeeded: 'yes' }), `${m}.requestNeeded`, /true or false/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerSelf' }, usageLimit: 1, usage_limit: 2 }), `${m}.usageLimit`, /given twice/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerChannel', channelId: 1.5, accessHash: '1' } }), `${m}.peer.channelId`, /user\/chat\/channel id/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerChannel', channelId: 1, accessHash: 'abc' } }), `${m}.peer.accessHash`, /decimal string/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerChannel', channelId: 1, accessHash: 2 ** 60 } }), `${m}.peer.accessHash`, /write it as a string/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerChannel', channelId: 1, accessHash: '99999999999999999999' } }), `${m}.peer.accessHash`, /64-bit range/);
  rejects(() => requestFromJson(m, { peer: { _: 'inputPeerSelf', extra: 1 } }), `${m}.peer.extra`, /inputPeerSelf has no fields/);
  rejects(() => requestFromJson(m, [1]), m, /must be a JSON object/);
  rejects(() => requestFromJson(m, { _: 'other', peer: { _: 'inputPeerSelf' } }), `${m}._`, /does not match/);
  rejects(() => requestFromJson('messages.exportChatInvit', {}), 'messages.exportChatInvit', /unknown method \(did you mean messages.exportChatInvite\?\)/);
  rejects(() => requestFromJson('users.getUsers', { id: {} }), 'users.getUsers.id', /expected an array/);
  rejects(() => requestFromJson('users.getUsers', { id: [{ _: 'inputUserSelf' }, 5] }), 'users.getUsers.id[1]', /expected InputUser/);
  rejects(() => requestFromJson('invokeWithLayer', { layer: 1, query: { _: 'help.getConfg' } }), 'invokeWithLayer.query._', /unknown method 'help.getConfg' \(did you mean help.getConfig\?\)/);
  rejects(() => valueFromJson('bytes', 'no spaces!', 'f'), 'f', /base64/);
  rejects(() => valueFromJson('bytes', 12, 'f'), 'f', /base64 string, got number 12/);
  rejects(() => valueFromJson('int256', 'AAAA', 'f'), 'f', /int256 \(32 bytes\), got 3 bytes/);
  rejects(() => valueFromJson('double', 'x', 'f'), 'f', /double/);
  rejects(() => valueFromJson('string', 1, 'f'), 'f', /expected a string/);
  rejects(() => valueFromJson('Bool', 1, 'f'), 'f', /Bool/);
  // nesting bombs stop with a clear error instead of a stack overflow
  let deep: unknown = { _: 'help.getConfig' };
  for (let i = 0; i < 200; i++) deep = { _: 'invokeWithLayer', layer: 1, query: deep };
  assert.throws(() => requestFromJson('invokeWithLayer', deep), (e: unknown) => e instanceof JsonTlError && /nested deeper/.test(e.problem));
});

test('TL → JSON: bigint as strings, bytes as base64, ids stay numbers', () => {
  const json = tlToJson({
    _: 'chatInviteExported',
    link: 'https://t.me/+abc',
    adminId: 5,
    date: 1,
    hash: 2n ** 63n - 1n,
    raw: new Uint8Array([1, 2, 3]),
    list: [1n, { _: 'x', v: undefined }],
  });
  assert.deepEqual(json, {
    _: 'chatInviteExported',
    link: 'https://t.me/+abc',
    adminId: 5,
    date: 1,
    hash: '9223372036854775807',
    raw: 'AQID',
    list: ['1', { _: 'x' }],
  });
  assert.ok(findByName('chatInviteExported'));
});
