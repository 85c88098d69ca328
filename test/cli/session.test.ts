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
import { Client } from '../../src/client/client.js';
import { loadOptional } from '../../src/cli/commands/session/backend.js';
import { PostgresStorage } from '../../src/storage/postgres/index.js';
import { RedisStorage } from '../../src/storage/redis/index.js';
import type { Storage } from '../../src/storage/types.js';
import { TestServer } from '../../src/testing/index.js';
import { startPostgres, type PostgresServer } from '../helpers/db/postgres.js';
import { startRedis, type RedisServer } from '../helpers/db/redis.js';
import { startAll } from '../helpers/start-all.js';
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

describe('tgts session import --to / export from a fleet database', () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let server: TestServer;
  before(async () => {
    [postgres, redis, server] = await startAll([startPostgres(), startRedis(), TestServer.start()]);
  });
  after(async () => {
    await Promise.all([postgres?.stop(), redis?.stop(), server?.close()]);
  });

  const backends: Array<{ kind: string; url: () => string; storage: (account: string) => Storage }> = [
    { kind: 'postgres', url: () => postgres.url, storage: (account) => new PostgresStorage({ connectionString: postgres.url, account }) },
    { kind: 'redis', url: () => redis.url, storage: (account) => new RedisStorage({ url: redis.url, account }) },
  ];

  for (const b of backends) {
    test(`${b.kind}: import, refuse to overwrite, export, and sign in from the database without a key exchange`, async () => {
      const account = `imported-${b.kind}`;
      const input = join(FIXTURES, 'pyrogram', 'v2-user.txt');
      const run = await runCli(['session', 'import', input, '--to', b.url(), '--name', account]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /imported Pyrogram session string \(2\.x\): DC 2, user 5000000001/);
      assert.match(run.stdout, new RegExp(`wrote account '${account}' to ${b.kind}://`));

      const again = await runCli(['session', 'import', input, '--to', b.url(), '--name', account]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already holds a session; add --force/);
      assert.equal((await runCli(['session', 'import', input, '--to', b.url(), '--name', account, '--force'])).code, 0);

      const exported = await runCli(['session', 'export', b.url(), '--name', account, '--format', 'tgts']);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stderr, /tgts storage .*DC 2, user 5000000001 → tgts/);
      const back = parseSessionString(exported.stdout.trim());
      assert.deepEqual(back.dcs[0]?.authKey, fixtureKey('pyrogram-v2-user'));

      // the server knows the converted key as user 5000000001's; a client on the database signs in with it
      const world = server.world!;
      if (!world.users.has(5000000001)) {
        const saved = world.nextUserId;
        world.nextUserId = 5000000001;
        world.seed.createUser({ firstName: 'Converted' });
        world.nextUserId = Math.max(saved, 5000000002);
      }
      server.importAuthKey(fixtureKey('pyrogram-v2-user'), { userId: 5000000001 });
      const keysBefore = server.stats.authKeys;
      const client = new Client({ apiId: 1, apiHash: 'test-hash', ...server.clientOptions(), storage: b.storage(account) });
      const [me] = await client.run((api) => api.users.getUsers({ id: [{ _: 'inputUserSelf' }] }));
      assert.ok(me && me._ === 'user');
      assert.equal(me.id, 5000000001);
      assert.equal(server.stats.authKeys, keysBefore, 'no new auth key was created');
    });
  }

  test('a URL without --name, --name without a URL, an empty account, a missing package', async () => {
    const input = join(FIXTURES, 'pyrogram', 'v2-user.txt');
    const noName = await runCli(['session', 'import', input, '--to', postgres.url]);
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /add --name NAME/);
    const stray = await runCli(['session', 'import', input, '--to', join(dir, 'x.session'), '--name', 'a']);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--name goes with --to postgres/);
    const empty = await runCli(['session', 'export', redis.url, '--name', 'nobody', '--format', 'tgts']);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no account/);
    await assert.rejects(
      loadOptional(() => import('tgts-no-such-package' as string), 'tgts-no-such-package', 'PostgreSQL storage'),
      /PostgreSQL storage needs the 'tgts-no-such-package' package, an optional dependency of tgts: npm install tgts-no-such-package/,
    );
  });
});
