/**
 * The examples and the demo run in CI so they cannot rot: each `main()` against a fresh TestServer,
 * and `npm start`'s script as a child process.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TestServer } from '../../src/testing/index.js';
import { main as botExportInvite } from '../../examples/bot-export-invite.js';
import { main as userSignIn2fa } from '../../examples/user-sign-in-2fa.js';
import { main as joinRequests } from '../../examples/join-requests.js';
import { main as demo } from '../../examples/demo.js';

const LINK = /^https:\/\/t\.me\/\+[\w-]{16}$/;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('examples against a fresh TestServer', () => {
  let server: TestServer;
  let lines: string[];
  const log = (line: string) => lines.push(line);

  beforeEach(async () => {
    server = await TestServer.start();
    lines = [];
  });
  afterEach(async () => {
    await server.close();
  });

  test('bot-export-invite: the bot gets a titled, limited, expiring link', async () => {
    const invite = await botExportInvite({ server, log });
    assert.match(invite.link, LINK);
    assert.equal(invite.title, 'Early birds');
    assert.equal(invite.usageLimit, 50);
    assert.ok((invite.expireDate ?? 0) > Date.now() / 1000, 'expires in the future');
    const bot = [...server.world!.users.values()].find((u) => u.username === 'invite_example_bot');
    assert.equal(invite.adminId, bot?.id);
    assert.ok(lines.some((l) => l.includes(invite.link)), 'the link is printed');
  });

  test('user-sign-in-2fa: wrong then right password, and the saved session resumes', async () => {
    const result = await userSignIn2fa({ server, log });
    assert.equal(result.firstName, 'Grace');
    assert.equal(result.passwordAttempts, 2);
    assert.equal(result.resumed, true);
    assert.equal(server.world!.users.get(result.userId)?.firstName, 'Grace');
  });

  test('join-requests: both applicants get INVITE_REQUEST_SENT, only the approved one is a member', async () => {
    const result = await joinRequests({ server, log });
    assert.match(result.link, LINK);
    assert.deepEqual(result.applied, { Carol: 'INVITE_REQUEST_SENT', Dave: 'INVITE_REQUEST_SENT' });
    assert.deepEqual(result.approved, ['Carol']);
    assert.deepEqual(result.declined, ['Dave']);
    assert.deepEqual(result.members, { Carol: true, Dave: false });
  });

  test('demo main(): the whole story on a given server', async () => {
    const result = await demo({ server, log });
    assert.match(result.link, LINK);
    assert.equal(result.usageAfterJoin, 1);
    assert.equal(result.bobIsMember, true);
    assert.notEqual(result.revokedLink, result.newPermanentLink);
    assert.match(result.newPermanentLink, LINK);
    assert.equal(result.forbiddenError, '400 CHAT_ADMIN_REQUIRED');
    // the first two, delivered by step 7's sync (the bot, a channel admin, also sees step 8's post later)
    assert.deepEqual(result.botReceived.slice(0, 2).sort(), ['/start', 'Launch day!']);
    // step 8: the file went up with progress and came back byte-exact
    assert.ok(result.file.size > 256 * 1024, `a few hundred KiB (${result.file.size})`);
    assert.match(result.file.sentSha256, /^[0-9a-f]{64}$/);
    assert.equal(result.file.receivedSha256, result.file.sentSha256);
    assert.ok(result.file.progressReports >= 5, 'progress at least once per 64 KiB part');
    // step 9: the router bot, as the user saw it through its updates
    const bot = result.routerBot;
    assert.deepEqual(bot.userSaw.filter((l) => l !== 'typing').map((l) => l.split('\n')[0]), [
      'new: /start tour',
      'new: Welcome to tgts, tour! 🚀',
      'edit: tgts 1.0: iterators, long texts, typing ✅',
    ]);
    assert.ok(bot.userSaw.includes('typing'), 'the bot showed "typing…" (withTyping)');
    assert.deepEqual(bot.reply.entities, ['messageEntityBold']);
    assert.deepEqual(bot.reply.buttons, ['What is new?', 'Docs']);
    assert.equal(bot.callbackAnswer, 'Here is the news');
    assert.equal(bot.edited, 'tgts 1.0: iterators, long texts, typing ✅');
    // the given server is left running and usable
    assert.ok(server.world!.findLink(result.newPermanentLink.slice('https://t.me/+'.length)));
  });
});

test('npm start (examples/demo.ts) exits 0 by itself and tells the story', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // Bounded: a hang (an open handle) fails the test instead of blocking the suite.
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(killer);
  assert.equal(code, 0, `exit code (stderr: ${stderr})`);
  assert.equal(stderr, '');
  assert.match(stdout, /^ +link +https:\/\/t\.me\/\+[\w-]{16}$/m, 'the exported link');
  assert.match(stdout, /usage +1 \/ 100 uses/, 'usage count after the join');
  assert.match(stdout, /400 INVITE_REQUEST_SENT/);
  assert.match(stdout, /Bob +is a member now/);
  assert.match(stdout, /^ +old +https:\/\/t\.me\/\+[\w-]{16} \(revoked\)$/m, 'the revoked permanent link');
  assert.match(stdout, /^ +new +https:\/\/t\.me\/\+[\w-]{16} \(permanent\)$/m, 'its replacement');
  assert.match(stdout, /400 CHAT_ADMIN_REQUIRED/);
  assert.match(stdout, /^ +edited +"tgts 1\.0: iterators, long texts, typing ✅"$/m, 'the router bot edited its message');
  assert.match(stdout, /download +Alice got \d+ bytes via client\.files, sha256 [0-9a-f]{16}… \(match\)/, 'the file step');
});
