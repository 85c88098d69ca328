/**
 * The built package (dist/, bundled by scripts/build.mjs) works as users get it: its entry points
 * load in a plain `node` process (no TypeScript loader), a client from `tgts` signs a bot in and
 * exports an invite link on a `TestServer` from `tgts/testing`, `tgts/tl` round-trips, and the
 * `tgts` command runs. Needs `npm run build` (part of `npm install`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ADDON_PATHS } from '../../src/platform/node/native.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const url = (rel: string): string => pathToFileURL(join(root, 'dist', rel)).href;

function node(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

test('dist/ exists (npm install builds it)', () => {
  assert.ok(existsSync(join(root, 'dist', 'index.js')), 'dist/index.js is missing: run `npm run build`');
});

test('tgts + tgts/testing from dist: a bot exports an invite link over TCP', () => {
  const program = `
    import { Client } from ${JSON.stringify(url('index.js'))};
    import { TestServer } from ${JSON.stringify(url('testing/index.js'))};
    import { encode, decode, LAYER } from ${JSON.stringify(url('tl/index.js'))};
    const server = await TestServer.start({ wsPort: false });
    try {
      const world = server.world;
      const owner = world.seed.createUser({ firstName: 'Owner' });
      const bot = world.seed.createUser({ firstName: 'Bot', bot: true });
      const channel = world.seed.createChannel({ creator: owner, title: 'News', broadcast: true });
      world.seed.makeAdmin(channel, bot, 'all');
      const client = new Client({ apiId: 1, apiHash: 'x', ...server.clientOptions() });
      const invite = await client.run(async (api) => {
        await client.auth.bot(bot.botToken);
        return api.messages.exportChatInvite({ peer: { _: 'inputPeerChannel', channelId: channel.id, accessHash: channel.accessHash }, usageLimit: 3 });
      });
      const again = decode(encode(invite));
      console.log(JSON.stringify({ layer: LAYER, kind: invite._, usageLimit: invite.usageLimit, same: again.link === invite.link }));
    } finally {
      await server.close();
    }`;
  const r = node(['--input-type=module', '-e', program]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { layer: number; kind: string; usageLimit: number; same: boolean };
  assert.deepEqual(out, { layer: 228, kind: 'chatInviteExported', usageLimit: 3, same: true });
});

test('bin/tgts runs from dist (help and an unknown command)', () => {
  const help = node([join(root, 'bin', 'tgts.js'), '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /usage: tgts <command>/);
  const bad = node([join(root, 'bin', 'tgts.js'), 'nope']);
  assert.equal(bad.status, 2);
});

test('the bundled addon loader finds native/ from where the bundler put it', (t) => {
  const addon = join(root, 'native', 'build', 'Release', 'tgts_crypto.node');
  if (!existsSync(addon)) {
    t.skip('the native addon is not built on this machine');
    return;
  }
  const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .filter((f) => readFileSync(join(root, 'dist', f), 'utf8').includes('tgts_crypto.node'));
  assert.ok(files.length > 0, 'some bundle loads the addon');
  for (const f of files) {
    const req = createRequire(join(root, 'dist', f));
    const found = ADDON_PATHS.some((p) => {
      try {
        return req.resolve(p) === addon;
      } catch {
        return false;
      }
    });
    assert.ok(found, `dist/${f} cannot reach ${addon}`);
  }
});

test('tgts/sessions from dist: a Telethon string becomes a GramJS one', () => {
  const telethon = readFileSync(join(root, 'test', 'fixtures', 'sessions', 'telethon', 'string-ipv4.txt'), 'utf8').trim();
  const program = `
    import { importSession, exportSession, detectSessionString } from ${JSON.stringify(url('sessions/index.js'))};
    const session = await importSession(${JSON.stringify(telethon)});
    const gramjs = exportSession(session, 'gramjs');
    console.log(JSON.stringify({ from: session.source.format, dc: session.dcId, to: detectSessionString(gramjs)?.format }));`;
  const r = node(['--input-type=module', '-e', program]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim()), { from: 'telethon', dc: 2, to: 'gramjs' });
});

test('tgts/storage/postgres and tgts/storage/redis from dist: they load and refuse bad options by name', () => {
  const program = `
    import { PostgresStorage } from ${JSON.stringify(url('storage/postgres/index.js'))};
    import { RedisStorage } from ${JSON.stringify(url('storage/redis/index.js'))};
    const fields = [];
    for (const make of [() => new PostgresStorage({ account: 'a b', connectionString: 'postgres://127.0.0.1/x' }), () => new RedisStorage({ account: 'a' })]) {
      try { make(); } catch (e) { fields.push(e.name + ':' + e.field); }
    }
    console.log(JSON.stringify(fields));`;
  const r = node(['--input-type=module', '-e', program]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim()), ['BadArgumentError:account', 'BadArgumentError:redis']);
});
