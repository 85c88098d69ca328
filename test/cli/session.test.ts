/** `tgts session import|export|detect` end to end, in-process. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringSession as GramjsStringSession } from 'telegram/sessions/index.js';
import { FileSession, SqliteSession } from '../../src/storage/index.js';
import { parseSessionString } from '../../src/sessions/index.js';
import { FIXTURES, fixtureKey } from '../sessions/fixtures.js';
import { runCli } from './run-cli.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tgts-cli-session-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const pyrogramText = () => readFileSync(join(FIXTURES, 'pyrogram', 'v2-user.txt'), 'utf8');

describe('tgts session import', () => {
  test('a Telethon .session file into a JSON session file', async () => {
    const to = join(dir, 'from-telethon.session');
    const run = await runCli(['session', 'import', join(FIXTURES, 'telethon', 'v7.session'), '--to', to]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /imported Telethon session file \(SQLite\) \(v7\): DC 2, user not recorded, 4 peers/);
    assert.match(run.stdout, /4 peers are not kept/);
    const session = new FileSession(to);
    const data = await session.load();
    await session.close();
    assert.equal(data?.dcId, 2);
    assert.deepEqual(data?.dcs[2]?.authKey, fixtureKey('telethon-sqlite-v7'));
    assert.equal(data?.dcs[2]?.host, '149.154.167.51');
  });

  test('a Pyrogram string from stdin into a SQLite session', async () => {
    const to = join(dir, 'from-pyrogram.db');
    const run = await runCli(['session', 'import', '-', '--to', to], { stdin: pyrogramText() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Pyrogram session string \(2\.x\): DC 2, user 5000000001/);
    const session = new SqliteSession(to);
    const data = await session.load();
    await session.close();
    assert.deepEqual(data?.user, { id: 5000000001, bot: false });
    assert.deepEqual(data?.dcs[2]?.authKey, fixtureKey('pyrogram-v2-user'));
  });

  test('a session string given as the argument; tdata with its passcode from the environment', async () => {
    const to = join(dir, 'from-string.session');
    assert.equal((await runCli(['session', 'import', pyrogramText().trim(), '--to', to])).code, 0);
    const legacy = join(FIXTURES, 'tdata', 'legacy');
    const denied = await runCli(['session', 'import', legacy, '--to', join(dir, 'tdata.session')]);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /error: Telegram Desktop tdata .*maps: passcode: this tdata is protected by a local passcode/);
    const ok = await runCli(['session', 'import', legacy, '--to', join(dir, 'tdata.session')], { env: { TGTS_TDATA_PASSCODE: '1234' } });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Telegram Desktop tdata folder \(legacy\): DC 2, user 123456789/);
  });

  test('command-line mistakes exit 2', async () => {
    const existing = join(dir, 'exists.session');
    writeFileSync(existing, '{}');
    for (const [argv, pattern] of [
      [['session', 'import', join(FIXTURES, 'telethon', 'v7.session')], /missing --to FILE/],
      [['session', 'import', '--to', existing], /missing INPUT/],
      [['session', 'import', join(FIXTURES, 'telethon', 'v7.session'), '--to', existing], /exists; add --force/],
      [['session', 'import', 'nope', '--to', join(dir, 'n.session')], /neither a file, a folder nor a session string/],
      [['session', 'import', pyrogramText().trim(), '--to', join(dir, 'n.session'), '--from', 'qq'], /unknown format 'qq'/],
      [['session', 'frobnicate'], /unknown subcommand 'frobnicate'/],
    ] as const) {
      const run = await runCli([...argv]);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern);
    }
    const forced = await runCli(['session', 'import', join(FIXTURES, 'telethon', 'v7.session'), '--to', existing, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
  });
});

describe('tgts session export', () => {
  test('a tgts session file as a GramJS string GramJS reads', async () => {
    const file = join(dir, 'for-export.session');
    assert.equal((await runCli(['session', 'import', join(FIXTURES, 'telethon', 'string-ipv4.txt'), '--to', file])).code, 0);
    const run = await runCli(['session', 'export', file, '--format', 'gramjs']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /tgts session file \(v1\): DC 2.*→ gramjs/);
    const theirs = new GramjsStringSession(run.stdout.trim());
    await theirs.load();
    assert.deepEqual(new Uint8Array(theirs.authKey!.getKey()!), fixtureKey('telethon-ipv4'));
    assert.equal(theirs.serverAddress, '149.154.167.51');
  });

  test('Pyrogram with an api id, from any input; what a format cannot hold fails with exit 1', async () => {
    const run = await runCli(['session', 'export', join(FIXTURES, 'mtcute', 'v3-bot.txt'), '--format', 'pyrogram', '--api-id', '777']);
    assert.equal(run.code, 0, run.stderr);
    const back = parseSessionString(run.stdout.trim());
    assert.deepEqual({ format: back.source.format, apiId: back.apiId, user: back.user }, { format: 'pyrogram', apiId: 777, user: { id: 1000002, bot: true } });
    const noUser = await runCli(['session', 'export', join(FIXTURES, 'telethon', 'v7.session'), '--format', 'pyrogram']);
    assert.equal(noUser.code, 1);
    assert.match(noUser.stderr, /error: Pyrogram session string: userId: .*user id/);
    const bad = await runCli(['session', 'export', join(FIXTURES, 'telethon', 'v7.session'), '--format', 'madeline']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format: expected one of gramjs, telethon, pyrogram, mtcute, tgts/);
  });
});

describe('tgts session detect and help', () => {
  test('detect names the format, exit 1 for nothing known', async () => {
    const tdata = await runCli(['session', 'detect', join(FIXTURES, 'tdata', 'desktop-plain')]);
    assert.equal(tdata.code, 0);
    assert.match(tdata.stdout, /Telegram Desktop tdata \(folder\) \[tdata\]/);
    const mtcute = await runCli(['session', 'detect', '-'], { stdin: readFileSync(join(FIXTURES, 'mtcute', 'v1-int32.txt'), 'utf8') });
    assert.match(mtcute.stdout, /mtcute session string \(v1\)/);
    const none = await runCli(['session', 'detect', join(FIXTURES, 'gramjs')]);
    assert.equal(none.code, 1);
  });

  test('--help of every subcommand', async () => {
    for (const argv of [['session', '--help'], ['session', 'import', '--help'], ['session', 'export', '--help'], ['session', 'detect', '--help'], ['help', 'session', 'import']]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, argv.join(' '));
      assert.match(run.stdout, /usage: tgts session/);
    }
    assert.match((await runCli(['--help'])).stdout, /session\s+convert sessions/);
  });
});
