/**
 * Every committed fixture (made by GramJS, mtcute and Telethon themselves, or by the documented
 * layout scripts) imports with the values it was made with, is detected as its format, and
 * round-trips: import → export → import gives the same session, in its own format and in every
 * other string format that can hold it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  detectSessionFormat,
  exportSession,
  importSession,
  parseSessionString,
  type PortableSession,
  type StringSessionFormat,
} from '../../src/sessions/index.js';
import { allFixtures, fixtureKey, isString, nameOf, pathOf, textOf, type Expected } from './fixtures.js';

const fixtures = allFixtures();

const loaded = new Map<string, Promise<PortableSession>>();
/** Imports a fixture once per file (a tdata passcode costs 100 000 PBKDF2 rounds). */
function load(e: Expected): Promise<PortableSession> {
  const name = nameOf(e);
  if (!loaded.has(name)) loaded.set(name, read(e));
  return loaded.get(name)!.then((s) => structuredClone(s));
}

function read(e: Expected): Promise<PortableSession> {
  return importSession({ path: pathOf(e) }, { ...(e.passcode ? { passcode: e.passcode } : {}), ...(e.account !== undefined ? { account: e.account } : {}) });
}

/** What survives any format: primary DC, its key, the user id. */
function essentials(s: PortableSession) {
  const dc = s.dcs.find((d) => d.id === s.dcId)!;
  return { dcId: s.dcId, keySha: createHash('sha256').update(dc.authKey!).digest('hex').slice(0, 16), userId: s.user?.id };
}

/** Layouts the libraries write today (older ones are read, and written in the current layout). */
const CURRENT_LAYOUTS = new Set(['gramjs v1', 'telethon v1-ipv4', 'telethon v1-ipv6', 'pyrogram 2.x', 'mtcute v3']);

const FORMATS: StringSessionFormat[] = ['tgts', 'gramjs', 'telethon', 'pyrogram', 'mtcute'];

/** Whether `format` can hold `s` (Telethon needs an IP, Pyrogram the user, GramJS a small port). */
function canHold(format: StringSessionFormat, s: PortableSession): boolean {
  const dc = s.dcs[0]!;
  if (format === 'telethon') return dc.host === undefined || /^[\d.]+$|:/.test(dc.host);
  if (format === 'pyrogram') return s.user !== undefined;
  if (format === 'gramjs') return (dc.port ?? 443) < 32768;
  return true;
}

test('the fixture set covers every format and variant', () => {
  const seen = new Set(fixtures.map((e) => `${e.format} ${e.variant}`));
  for (const v of [
    'gramjs v1', 'gramjs v1-ipv4', 'telethon v1-ipv4', 'telethon v1-ipv6', 'telethon-sqlite v7', 'telethon-sqlite v3',
    'pyrogram 2.x', 'pyrogram 1.x (64-bit user id)', 'pyrogram 1.x (32-bit user id)', 'pyrogram 0.12-dev',
    'pyrogram-sqlite v3', 'pyrogram-sqlite v1', 'mtcute v1', 'mtcute v2', 'mtcute v3', 'tdata current', 'tdata legacy',
  ]) assert.ok(seen.has(v), v);
});

describe('fixtures import with the values they were made with', () => {
  for (const e of fixtures) {
    test(nameOf(e), async () => {
      const s = await load(e);
      assert.equal(s.source.format, e.format);
      assert.equal(s.source.variant, e.variant);
      assert.equal(s.dcId, e.dcId);
      assert.equal(s.testMode, e.testMode);
      const primary = s.dcs[0]!;
      assert.equal(primary.id, e.dcId, 'primary DC first');
      assert.deepEqual(primary.authKey, fixtureKey(e.keyLabel));
      assert.equal(primary.host, e.host);
      assert.equal(primary.port, e.port);
      assert.deepEqual(s.user, e.userId === undefined ? undefined : { id: e.userId, bot: e.bot });
      assert.equal(s.apiId, e.apiId);
      assert.deepEqual(
        s.dcs.slice(1).map((d) => ({ id: d.id, key: d.authKey })),
        (e.otherDcs ?? []).map((d) => ({ id: d.id, key: fixtureKey(d.keyLabel) })),
      );
      const peers = s.peers.map((p) => ({ type: p.type, id: p.id, accessHash: p.accessHash?.toString(), usernames: p.usernames, phone: p.phone, bot: p.bot, updatedAt: p.updatedAt, min: p.min }));
      const expected = (e.peers ?? []).map((p) => ({ ...p, accessHash: p.accessHash, phone: p.phone, bot: p.bot, min: false }));
      assert.deepEqual(
        peers.sort((a, b) => a.id - b.id),
        expected.sort((a, b) => a.id - b.id),
      );
      assert.deepEqual(s.updates, e.updates);
    });
  }
});

describe('detection names each fixture', () => {
  for (const e of fixtures.filter((x) => x.account === undefined || x.account === 0)) {
    test(nameOf(e), async () => {
      const found = await detectSessionFormat({ path: pathOf(e) });
      assert.equal(found?.format, e.format);
      if (isString(e)) assert.equal((await detectSessionFormat(textOf(e)))?.variant, e.variant);
    });
  }
});

describe('round trips: import → export → import', () => {
  for (const e of fixtures) {
    test(nameOf(e), async () => {
      const s = await load(e);
      if (CURRENT_LAYOUTS.has(`${e.format} ${e.variant}`) && e.file !== 'v3-user.txt') {
        // the layout the format writes today: byte-identical (v3-user has a media DC address, which tgts does not keep)
        assert.equal(exportSession(s, e.format as StringSessionFormat, s.apiId ? { apiId: s.apiId } : {}), textOf(e));
      }
      for (const format of FORMATS.filter((f) => canHold(f, s))) {
        const text = exportSession(s, format);
        const back = parseSessionString(text);
        assert.equal(back.source.format, format, `${format} is detected as itself`);
        const holdsUser = format !== 'gramjs' && format !== 'telethon';
        assert.deepEqual(essentials(back), { ...essentials(s), ...(holdsUser ? {} : { userId: undefined }) }, format);
        if (format !== 'gramjs' && format !== 'telethon') assert.equal(back.testMode, s.testMode, `${format} keeps test mode`);
        if (format === 'pyrogram' || format === 'mtcute' || format === 'tgts') assert.equal(back.user?.bot ?? false, s.user?.bot ?? false, `${format} keeps the bot flag`);
        assert.equal(exportSession(back, format), text, `${format} is stable`);
      }
    });
  }
});

test('Pyrogram keeps the api id, and writes the 1.x layout on request', async () => {
  const s = parseSessionString(textOf(fixtures.find((e) => e.file === 'v2-user.txt')!));
  assert.equal(s.apiId, 611335);
  assert.equal(parseSessionString(exportSession(s, 'pyrogram')).apiId, 611335);
  assert.equal(parseSessionString(exportSession(s, 'pyrogram', { apiId: 42 })).apiId, 42);
  const old = parseSessionString(exportSession(s, 'pyrogram', { pyrogramVariant: '1.x' }));
  assert.equal(old.source.variant, '1.x (64-bit user id)');
  const small = parseSessionString(exportSession({ ...s, user: { id: 1234, bot: true } }, 'pyrogram', { pyrogramVariant: '1.x' }));
  assert.equal(small.source.variant, '1.x (32-bit user id)');
  assert.deepEqual(small.user, { id: 1234, bot: true });
});
