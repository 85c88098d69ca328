/**
 * Bad input gets a typed error naming the format and what is wrong; tgts's own storages name a
 * foreign session instead of failing with "checksum mismatch".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FileSession, ForeignSessionError, SessionError, SqliteSession, StringSession } from '../../src/index.js';
import {
  exportSession,
  importSession,
  parseSessionString,
  SessionFormatError,
  type SessionFormat,
} from '../../src/sessions/index.js';
import { encodeBase64, decodeBase64 } from '../../src/sessions/bytes.js';
import { allFixtures, FIXTURES, nameOf, textOf } from './fixtures.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tgts-sessions-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function rejects(format: SessionFormat | undefined, field: string | undefined, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof SessionFormatError, `expected SessionFormatError, got ${String(e)}`);
    assert.ok(e instanceof SessionError);
    assert.equal(e.format, format);
    assert.equal(e.field, field);
    assert.match(e.message, pattern);
    return true;
  };
}

/** Decodes a fixture string, lets `edit` change its bytes and encodes it the same way again. */
function mutate(text: string, edit: (b: Uint8Array) => Uint8Array, prefix = ''): string {
  const body = text.slice(prefix.length);
  const bytes = edit(decodeBase64(body)!);
  return prefix + encodeBase64(bytes, { url: /[-_]/.test(body) || !/[+/]/.test(body), pad: body.endsWith('=') });
}

const fixture = (file: string) => textOf(allFixtures().find((e) => e.file === file)!);

describe('tgts storages name other libraries\' sessions', () => {
  for (const e of allFixtures().filter((x) => x.file.endsWith('.txt'))) {
    test(`StringSession given ${nameOf(e)}`, () => {
      assert.throws(
        () => new StringSession(textOf(e)),
        (err: unknown) => {
          assert.ok(err instanceof ForeignSessionError);
          assert.equal(err.format, e.format);
          assert.match(err.message, new RegExp(`this is a ${e.format === 'gramjs' ? 'GramJS' : e.format === 'telethon' ? 'Telethon' : e.format === 'pyrogram' ? 'Pyrogram' : 'mtcute'} session string`));
          assert.match(err.message, /importSession\(\).*tgts session import/);
          return true;
        },
      );
    });
  }

  test('a tgts string that is damaged still says checksum mismatch', () => {
    const good = StringSession.encode({ version: 1, dcId: 2, dcs: { 2: { authKey: new Uint8Array(256).fill(7) } } });
    const bad = good.slice(0, -2) + (good.at(-2) === 'A' ? 'B' : 'A') + good.at(-1);
    assert.throws(() => new StringSession(bad), /checksum mismatch/);
  });

  test('FileSession given a Telethon .session file or a saved Pyrogram string', async () => {
    const path = join(dir, 'telethon-copy.session');
    cpSync(join(FIXTURES, 'telethon', 'v7.session'), path);
    await assert.rejects(new FileSession(path).load(), (err: unknown) => err instanceof ForeignSessionError && err.format === 'telethon-sqlite' && err.file === path);
    const text = join(dir, 'pyrogram.txt');
    writeFileSync(text, `${fixture('v2-user.txt')}\n`);
    await assert.rejects(new FileSession(text).load(), (err: unknown) => err instanceof ForeignSessionError && err.format === 'pyrogram');
  });

  test('SqliteSession given a Telethon .session file leaves it untouched', async () => {
    const path = join(dir, 'telethon-sqlite.session');
    cpSync(join(FIXTURES, 'telethon', 'v7.session'), path);
    const before = readFileSync(path);
    const session = new SqliteSession(path);
    await assert.rejects(session.load(), (err: unknown) => err instanceof ForeignSessionError && err.format === 'telethon-sqlite');
    await session.close();
    assert.deepEqual(readFileSync(path), before);
  });
});

describe('malformed strings', () => {
  test('nothing matches', () => {
    assert.throws(() => parseSessionString('hello'), rejects(undefined, 'input', /not a session string/));
    assert.throws(() => parseSessionString('1' + 'A'.repeat(400)), rejects(undefined, 'input', /not a session string/));
  });

  test('GramJS: version, encoding, truncation', () => {
    const text = fixture('v1.txt');
    assert.throws(() => parseSessionString(`2${text.slice(1)}`, 'gramjs'), rejects('gramjs', 'version', /expected "1"/));
    assert.throws(() => parseSessionString(`${text}!`, 'gramjs'), rejects('gramjs', 'encoding', /base64/));
    const short = mutate(text, (b) => b.subarray(0, b.length - 4), '1');
    assert.throws(() => parseSessionString(short, 'gramjs'), rejects('gramjs', 'length', /do not fit the layout/));
  });

  test('Telethon: length and an empty key', () => {
    const text = fixture('string-ipv4.txt');
    assert.throws(() => parseSessionString(mutate(text, (b) => b.subarray(0, 200), '1'), 'telethon'), rejects('telethon', 'length', /263 \(IPv4\) or 275/));
    const zero = mutate(text, (b) => Uint8Array.from([...b.subarray(0, 7), ...new Uint8Array(256)]), '1');
    assert.throws(() => parseSessionString(zero, 'telethon'), rejects('telethon', 'authKey', /all zeros/));
  });

  test('Pyrogram: length and boolean bytes', () => {
    const text = fixture('v2-user.txt');
    assert.throws(() => parseSessionString(mutate(text, (b) => b.subarray(1)), 'pyrogram'), rejects('pyrogram', 'length', /263, 267 or 271/));
    const badBool = mutate(text, (b) => Uint8Array.from(b, (x, i) => (i === 5 ? 2 : x)));
    assert.throws(() => parseSessionString(badBool, 'pyrogram'), rejects('pyrogram', 'testMode', /boolean byte/));
  });

  test('mtcute: version, flags, DC option, key length, trailing bytes', () => {
    const text = fixture('v3-bot.txt');
    const set = (at: number, v: number) => mutate(text, (b) => Uint8Array.from(b, (x, i) => (i === at ? v : x)));
    assert.throws(() => parseSessionString(set(0, 9), 'mtcute'), rejects('mtcute', 'version', /unknown version 9/));
    assert.throws(() => parseSessionString(set(1, 0x40), 'mtcute'), rejects('mtcute', 'flags', /unknown flags/));
    assert.throws(() => parseSessionString(set(6, 7), 'mtcute'), rejects('mtcute', 'primaryDc.version', /DC option version 7/));
    const v2 = fixture('v2.txt');
    assert.throws(
      () => parseSessionString(mutate(v2, (b) => Uint8Array.from(b, (x, i) => (i === 5 ? 0 : x))), 'mtcute'),
      rejects('mtcute', 'primaryDc', /expected a dcOption/),
    );
    assert.throws(() => parseSessionString(mutate(text, (b) => b.subarray(0, b.length - 8)), 'mtcute'), rejects('mtcute', 'authKey', /truncated/));
    assert.throws(() => parseSessionString(mutate(text, (b) => Uint8Array.from([...b, 0, 0, 0, 0])), 'mtcute'), rejects('mtcute', 'length', /trailing bytes/));
  });
});

describe('exports a format cannot hold', () => {
  test('Telethon needs an IP address, Pyrogram the user id, GramJS a signed 16-bit port', () => {
    const hostname = parseSessionString(fixture('v1-hostname.txt'));
    assert.throws(() => exportSession(hostname, 'telethon'), rejects('telethon', 'address', /host name/));
    assert.throws(() => exportSession(hostname, 'pyrogram'), rejects('pyrogram', 'userId', /user id/));
    const highPort = { ...hostname, dcs: [{ ...hostname.dcs[0]!, port: 40000 }] };
    assert.throws(() => exportSession(highPort, 'gramjs'), rejects('gramjs', 'port', /signed 16-bit/));
    assert.throws(() => exportSession(hostname, 'nope' as 'tgts'), rejects(undefined, 'format', /cannot export/));
  });
});

describe('files and folders', () => {
  test('tdata: missing or wrong passcode, unknown account, damaged file, not a tdata folder', async () => {
    const tdata = join(FIXTURES, 'tdata');
    await assert.rejects(importSession({ path: join(tdata, 'legacy') }), rejects('tdata', 'passcode', /protected by a local passcode/));
    await assert.rejects(importSession({ path: join(tdata, 'legacy') }, { passcode: 'nope' }), rejects('tdata', 'passcode', /wrong local passcode/));
    await assert.rejects(importSession({ path: join(tdata, 'desktop-plain') }, { account: 2 }), rejects('tdata', 'account', /has accounts 0, 1/));
    const copy = join(dir, 'tdata-damaged');
    cpSync(join(tdata, 'desktop-plain', 'tdata'), copy, { recursive: true });
    const file = join(copy, 'D877F783D5D3EF8Cs');
    const bytes = readFileSync(file);
    bytes[40] ^= 1;
    writeFileSync(file, bytes);
    await assert.rejects(importSession({ path: copy }, { format: 'tdata' }), rejects('tdata', 'md5', /checksum mismatch/));
    await assert.rejects(importSession({ path: dir }, { format: 'tdata' }), rejects('tdata', 'key_datas', /not a Telegram Desktop tdata folder/));
    await assert.rejects(importSession({ path: dir }), rejects(undefined, 'input', /not a session file or folder/));
  });

  test('Telethon .session: a file that never connected', async () => {
    const path = join(dir, 'fresh.session');
    const db = new Database(path);
    db.exec(`create table version (version integer primary key); insert into version values (7);
      create table sessions (dc_id integer primary key, server_address text, port integer, auth_key blob, takeout_id integer);
      insert into sessions values (2, '149.154.167.51', 443, x'', null);
      create table entities (id integer primary key, hash integer not null, username text, phone integer, name text, date integer);`);
    db.close();
    await assert.rejects(importSession({ path }), rejects('telethon-sqlite', 'authKey', /never connected/));
  });

  test('a Pyrogram .session file without its session row', async () => {
    const path = join(dir, 'pyrogram.session');
    const db = new Database(path);
    db.exec('create table sessions (dc_id integer primary key, api_id integer, test_mode integer, auth_key blob, date integer, user_id integer, is_bot integer); create table peers (id integer primary key); create table version (number integer primary key); insert into version values (3);');
    db.close();
    await assert.rejects(importSession({ path }), rejects('pyrogram-sqlite', 'sessions', /expected one session row, found 0/));
  });
});
