import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

/** Starts `tgts serve` in-process; resolves its printed address and demo credentials. */
async function startServe(dir: string) {
  const controller = new AbortController();
  let ready!: (text: string) => void;
  const printed = new Promise<string>((resolve) => (ready = resolve));
  const done = runCli(['serve', '--key-out', join(dir, 'key.pem')], {
    signal: controller.signal,
    onStdout: (text) => {
      if (text.includes('ready;')) ready(text);
    },
  });
  const text = await Promise.race([
    printed,
    done.then((r) => {
      throw new Error(`serve exited early: ${r.stderr}`);
    }),
  ]);
  const address = /^DC 2: (127\.0\.0\.1:\d+)/m.exec(text)?.[1];
  const token = /^ {2}(\d+:\S+) {2}@demo_bot/m.exec(text)?.[1];
  const phone = /^ {2}(99966\d+) {2}Alice/m.exec(text)?.[1];
  assert.ok(address && token && phone, text);
  return { text, address, token, phone, stop: async () => (controller.abort(), done) };
}

test('serve + login + call + invite export/list/revoke against the demo world', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-cli-net-'));
  const serve = await startServe(dir);
  try {
    assert.match(serve.text, /RSA key fingerprint: [0-9a-f]{16}/);
    assert.ok(existsSync(join(dir, 'key.pem')));
    assert.match(readFileSync(join(dir, 'key.pem'), 'utf8'), /BEGIN (RSA )?PUBLIC KEY/);
    const bot = join(dir, 'bot.session');

    const login = await runCli(['login', '--server', serve.address, '--key', join(dir, 'key.pem'), '--bot-token', serve.token, '--session', bot]);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /^signed in as bot Demo bot \(@demo_bot\) id \d+$/m);

    // the saved session is enough for later commands
    const me = await runCli(['call', 'users.getUsers', '{"id":[{"_":"inputUserSelf"}]}', '--session', bot]);
    assert.equal(me.code, 0, me.stderr);
    const [user] = JSON.parse(me.stdout) as Array<{ _: string; bot: boolean; username: string; accessHash: string }>;
    assert.equal(user._, 'user');
    assert.equal(user.bot, true);
    assert.equal(user.username, 'demo_bot');
    assert.match(user.accessHash, /^-?\d+$/);

    const exported = await runCli(['invite', 'export', '@demo_channel', '--usage-limit', '5', '--expire', '7d', '--title', 'Meetup', '--session', bot]);
    assert.equal(exported.code, 0, exported.stderr);
    const link = /(https:\/\/t\.me\/\+\S+)/.exec(exported.stdout)?.[1];
    assert.ok(link, exported.stdout);
    assert.match(exported.stdout, /LINK +TITLE +USED\/LIMIT/);
    assert.match(exported.stdout, /Meetup +0\/5 /);

    // a user account by phone, code given as a flag
    const alice = join(dir, 'alice.session');
    const phone = await runCli(['login', '--server', serve.address, '--key', join(dir, 'key.pem'), '--phone', serve.phone, '--code', '22222', '--session', alice]);
    assert.equal(phone.code, 0, phone.stderr);
    assert.match(phone.stdout, /signed in as user Alice \(@alice\)/);

    // listing is for user accounts: the channel's creator lists the bot's links
    const list = await runCli(['invite', 'list', '@demo_channel', '--admin', '@demo_bot', '--json', '--session', alice]);
    assert.equal(list.code, 0, list.stderr);
    const listed = JSON.parse(list.stdout) as { count: number; invites: Array<{ link: string; usageLimit?: number; title?: string }> };
    const mine = listed.invites.find((i) => i.link === link);
    assert.deepEqual([mine?.usageLimit, mine?.title], [5, 'Meetup']);

    const revoked = await runCli(['invite', 'revoke', '@demo_channel', link, '--session', bot]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /revoked/);

    const again = await runCli(['invite', 'list', '@demo_channel', '--admin', '@demo_bot', '--revoked', '--session', alice]);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.stdout.includes(link), again.stdout);
    assert.match(again.stdout, /1 of 1 link/);

    // an RPC error through the ergonomic command: a user is not a chat
    const wrong = await runCli(['invite', 'export', '@alice', '--session', bot]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^error: 400 [A-Z_]+ \(messages\.exportChatInvite\)$/m);
  } finally {
    const stopped = await serve.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /stopped\n$/);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A base port with `n` consecutive free ports on 127.0.0.1 (checked by listening briefly). */
async function freePortRun(n: number): Promise<number> {
  const { createServer } = await import('node:net');
  const tryListen = (port: number) =>
    new Promise<import('node:net').Server | undefined>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(undefined));
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    const held: import('node:net').Server[] = [];
    for (let i = 0; i < n; i++) {
      const s = await tryListen(base + i);
      if (!s) break;
      held.push(s);
    }
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    if (held.length === n) return base;
  }
  throw new Error('no run of free ports found');
}

test('serve --dcs with --port puts the DCs on consecutive ports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-serve-ports-'));
  const base = await freePortRun(3);
  const controller = new AbortController();
  let ready!: (text: string) => void;
  const printed = new Promise<string>((resolve) => (ready = resolve));
  const done = runCli(['serve', '--dcs', '1,2,3', '--port', String(base), '--key-out', join(dir, 'key.pem')], {
    signal: controller.signal,
    onStdout: (text) => {
      if (text.includes('ready;')) ready(text);
    },
  });
  try {
    const text = await Promise.race([printed, done.then((r) => Promise.reject(new Error(`serve exited early: ${r.stderr}`)))]);
    for (const [i, dc] of [1, 2, 3].entries()) assert.match(text, new RegExp(`^DC ${dc}: 127\\.0\\.0\\.1:${base + i}\\b`, 'm'));
  } finally {
    controller.abort();
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    rmSync(dir, { recursive: true, force: true });
  }
  const over = await runCli(['serve', '--dcs', '1,2,3', '--port', '65534']);
  assert.equal(over.code, 2);
  assert.match(over.stderr, /65536, above 65535/);
});
