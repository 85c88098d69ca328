/**
 * What tgts exports is read by the libraries themselves (GramJS and mtcute are devDependencies),
 * and tgts reads what they write — including the old GramJS layout today's GramJS still reads.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readStringSession, writeStringSession } from '@mtcute/core/utils.js';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { StringSession as GramjsStringSession } from 'telegram/sessions/index.js';
import { defaultDcAddress } from '../../src/sessions/dcs.js';
import { exportSession, parseSessionString, type PortableSession } from '../../src/sessions/index.js';
import { allFixtures, fixtureKey, nameOf, textOf } from './fixtures.js';

const stringFixtures = allFixtures().filter((e) => e.file.endsWith('.txt'));

async function gramjsRead(text: string) {
  const s = new GramjsStringSession(text);
  await s.load();
  return { dcId: s.dcId, host: s.serverAddress, port: s.port, key: new Uint8Array(s.authKey!.getKey()!) };
}

describe('GramJS reads what tgts exports', () => {
  for (const e of stringFixtures) {
    test(nameOf(e), async () => {
      const session = parseSessionString(textOf(e));
      const read = await gramjsRead(exportSession(session, 'gramjs'));
      assert.equal(read.dcId, e.dcId);
      assert.deepEqual(read.key, fixtureKey(e.keyLabel));
      assert.equal(read.host, e.host ?? defaultDcAddress(e.dcId, e.testMode)!.host);
      assert.equal(read.port, e.port ?? 443);
    });
  }

  test('and the Telethon strings tgts exports (GramJS reads those too)', async () => {
    for (const e of stringFixtures.filter((x) => x.host === undefined || !/[a-z]/.test(x.host))) {
      const read = await gramjsRead(exportSession(parseSessionString(textOf(e)), 'telethon'));
      assert.deepEqual(read.key, fixtureKey(e.keyLabel), nameOf(e));
    }
  });

  test('GramJS still reads its pre-1.0 layout, and agrees with tgts', async () => {
    const e = stringFixtures.find((x) => x.variant === 'v1-ipv4' && x.format === 'gramjs')!;
    const read = await gramjsRead(textOf(e));
    assert.deepEqual({ ...read, key: undefined }, { dcId: 2, host: '149.154.167.51', port: 443, key: undefined });
    assert.deepEqual(read.key, parseSessionString(textOf(e)).dcs[0]!.authKey);
  });
});

describe('mtcute reads what tgts exports', () => {
  for (const e of stringFixtures) {
    test(nameOf(e), () => {
      const session = parseSessionString(textOf(e));
      const read = readStringSession(exportSession(session, 'mtcute'));
      assert.equal(read.version, 3);
      assert.equal(read.primaryDcs.main.id, e.dcId);
      assert.equal(read.primaryDcs.main.testMode ?? false, e.testMode);
      assert.deepEqual(new Uint8Array(read.authKey), fixtureKey(e.keyLabel));
      if (e.host !== undefined) assert.equal(read.primaryDcs.main.ipAddress, e.host);
      assert.deepEqual(read.self ? { id: read.self.userId, bot: read.self.isBot } : undefined, e.userId === undefined ? undefined : { id: e.userId, bot: e.bot });
    });
  }

  test('tgts reads mtcute v3 strings exactly as mtcute does', () => {
    for (const e of stringFixtures.filter((x) => x.format === 'mtcute' && x.variant === 'v3')) {
      const theirs = readStringSession(textOf(e));
      const ours: PortableSession = parseSessionString(textOf(e), 'mtcute');
      assert.equal(ours.dcId, theirs.primaryDcs.main.id);
      assert.equal(ours.dcs[0]!.host, theirs.primaryDcs.main.ipAddress);
      assert.equal(ours.dcs[0]!.port, theirs.primaryDcs.main.port);
      assert.equal(ours.testMode, theirs.primaryDcs.main.testMode ?? false);
      assert.deepEqual(ours.dcs[0]!.authKey, new Uint8Array(theirs.authKey));
      assert.deepEqual(ours.user, theirs.self ? { id: theirs.self.userId, bot: theirs.self.isBot } : undefined);
    }
  });

  test('a string mtcute writes from tgts-read data is what tgts writes', () => {
    for (const e of stringFixtures.filter((x) => x.format === 'mtcute' && x.file !== 'v3-user.txt')) {
      const s = parseSessionString(textOf(e));
      const main = { id: s.dcId, ipAddress: s.dcs[0]!.host!, port: s.dcs[0]!.port!, ipv6: s.dcs[0]!.host!.includes(':'), testMode: s.testMode };
      const theirs = writeStringSession({
        version: 3,
        primaryDcs: { main, media: main },
        self: s.user ? { userId: s.user.id, isBot: s.user.bot ?? false, isPremium: false, usernames: [] } : null,
        authKey: s.dcs[0]!.authKey!,
      });
      assert.deepEqual(parseSessionString(theirs), { ...parseSessionString(exportSession(s, 'mtcute')) });
      // mtcute's own DC options may omit flags tgts sets; both decode to the same session
    }
  });
});

test('a GramJS string GramJS writes for an exported session equals tgts\'s export', async () => {
  for (const e of stringFixtures) {
    const s = parseSessionString(textOf(e));
    const theirs = new GramjsStringSession('');
    const ours = exportSession(s, 'gramjs');
    const read = await gramjsRead(ours);
    theirs.setDC(read.dcId, read.host, read.port);
    const key = new AuthKey();
    await key.setKey(Buffer.from(read.key));
    theirs.authKey = key;
    assert.equal(theirs.save(), ours, nameOf(e));
  }
});
