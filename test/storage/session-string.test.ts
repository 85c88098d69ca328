import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SessionError } from '../../src/errors.js';
import { MemorySession, StringSession, validateSessionData, type SessionData } from '../../src/storage/index.js';

function sampleSession(seed = 1): SessionData {
  const key = new Uint8Array(256).map((_, i) => (i * 7 + seed) & 0xff);
  return {
    version: 1,
    dcId: 2,
    testMode: true,
    user: { id: 123456789012, bot: false },
    dcs: {
      2: { host: '149.154.167.50', port: 443, authKey: key, salt: -0x7123456789abcdefn, timeOffset: -3 },
      4: { host: 'dc4.example.org', port: 80, salt: 42n },
      5: {},
    },
  };
}

describe('validateSessionData', () => {
  const bad: [string, (d: Record<string, unknown>) => void][] = [
    ['version', (d) => (d.version = 2)],
    ['dcId', (d) => (d.dcId = 0)],
    ['testMode', (d) => (d.testMode = 'yes')],
    ['dcs', (d) => (d.dcs = [])],
    ['dcs.x', (d) => ((d.dcs as Record<string, unknown>).x = {})],
    ['dcs.2.authKey', (d) => ((d.dcs as Record<number, Record<string, unknown>>)[2]!.authKey = new Uint8Array(255))],
    ['dcs.2.salt', (d) => ((d.dcs as Record<number, Record<string, unknown>>)[2]!.salt = 2n ** 63n)],
    ['dcs.2.port', (d) => ((d.dcs as Record<number, Record<string, unknown>>)[2]!.port = 70000)],
    ['dcs.2.host', (d) => ((d.dcs as Record<number, Record<string, unknown>>)[2]!.host = '')],
    ['dcs.2.timeOffset', (d) => ((d.dcs as Record<number, Record<string, unknown>>)[2]!.timeOffset = 1.5)],
    ['user.id', (d) => (d.user = { id: 2 ** 60, bot: false })],
    ['user.bot', (d) => (d.user = { id: 1 })],
  ];
  for (const [field, mutate] of bad) {
    it(`rejects a bad ${field}`, () => {
      const data = sampleSession() as unknown as Record<string, unknown>;
      mutate(data);
      assert.throws(() => validateSessionData(data, '/x/s.json'), (e) => {
        assert.ok(e instanceof SessionError);
        assert.equal(e.field, field);
        assert.equal(e.file, '/x/s.json');
        return true;
      });
    });
  }

  it('copies: no shared auth key memory', () => {
    const data = sampleSession();
    const copy = validateSessionData(data);
    assert.deepEqual(copy, data);
    copy.dcs[2]!.authKey![0] = 99;
    assert.notEqual(data.dcs[2]!.authKey![0], 99);
  });
});

describe('MemorySession', () => {
  it('round trips copies and stays usable after close', async () => {
    const session = new MemorySession();
    assert.equal(await session.load(), undefined);
    const data = sampleSession();
    await session.save(data);
    data.dcId = 4;
    const loaded = await session.load();
    assert.equal(loaded?.dcId, 2);
    assert.deepEqual(loaded, sampleSession());
    await session.close();
    // nothing to release: a second client may take over the same in-memory session
    assert.deepEqual(await session.load(), sampleSession());
  });
});

describe('StringSession', () => {
  it('encode/decode round trip', () => {
    for (const data of [
      sampleSession(),
      { version: 1, dcId: 1, dcs: {} } as SessionData,
      { version: 1, dcId: 65535, dcs: { 3: { host: '2001:db8::1', port: 1 } }, user: { id: -5, bot: true } } as SessionData,
    ]) {
      const text = StringSession.encode(data);
      assert.match(text, /^1[A-Za-z0-9_-]+$/);
      assert.deepEqual(StringSession.decode(text), data);
      assert.deepEqual(StringSession.decode(` ${text}\n`), data);
    }
  });

  it('is compact (IPv4 as 4 bytes)', () => {
    const data: SessionData = { version: 1, dcId: 2, dcs: { 2: { host: '149.154.167.50', port: 443, authKey: new Uint8Array(256) } } };
    // 3 head + 1 count + 3 dc head + 4 ip + 2 port + 256 key + 4 checksum = 273 bytes
    assert.equal(StringSession.encode(data).length, 1 + Math.ceil((273 * 4) / 3));
  });

  it('works as a storage with toString()', async () => {
    const session = new StringSession();
    assert.equal(await session.load(), undefined);
    assert.equal(session.toString(), '');
    await session.save(sampleSession());
    const again = new StringSession(session.toString());
    assert.deepEqual(await again.load(), sampleSession());
  });

  it('rejects corrupt strings with SessionError', () => {
    const good = StringSession.encode(sampleSession());
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['2' + good.slice(1), /version/],
      ['1$$$', /base64url/],
      [good.slice(0, 40), /checksum/],
      [good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA'), /checksum/],
      ['1AAA', /too short/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => StringSession.decode(text), (e) => e instanceof SessionError && message.test(e.message), text);
    }
    assert.throws(() => new StringSession('1nonsense'), SessionError);
  });

  it('rejects a valid checksum over a truncated layout', async () => {
    // build a payload claiming one DC with an auth key but carrying no bytes for it
    const { createHash } = await import('node:crypto');
    const payload = Buffer.from([0, 0, 2, 1, 0, 2, 4]);
    const sum = createHash('sha256').update('1').update(payload).digest().subarray(0, 4);
    const text = '1' + Buffer.concat([payload, sum]).toString('base64url');
    assert.throws(() => StringSession.decode(text), (e) => e instanceof SessionError && e.field === 'dcs.2.authKey' && /truncated/.test(e.message));
    const extra = Buffer.from([0, 0, 2, 0, 9]);
    const sum2 = createHash('sha256').update('1').update(extra).digest().subarray(0, 4);
    assert.throws(() => StringSession.decode('1' + Buffer.concat([extra, sum2]).toString('base64url')), /trailing/);
  });
});
