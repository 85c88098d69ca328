import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

test('top-level help lists every command', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['methods', 'call', 'login', 'invite', 'serve']) assert.match(r.stdout, new RegExp(`\\n  ${c} `));
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /usage: tgts <command>/);
});

test('--help of every command and subcommand exits 0 with usage and examples', async () => {
  const commands = [['methods'], ['call'], ['login'], ['serve'], ['invite']];
  const subs = ['export', 'list', 'get', 'edit', 'revoke', 'delete', 'importers', 'approve', 'decline'];
  for (const s of subs) commands.push(['invite', s]);
  for (const c of commands) {
    const r = await runCli([...c, '--help']);
    assert.equal(r.code, 0, c.join(' '));
    assert.match(r.stdout, new RegExp(`usage: tgts ${c.join(' ')}`), c.join(' '));
    assert.match(r.stdout, /Examples:/, c.join(' '));
    assert.equal(r.stderr, '');
  }
  const invite = await runCli(['invite', '--help']);
  for (const s of subs) assert.match(invite.stdout, new RegExp(`\\n  ${s} `));
  // `tgts help invite export` is the same as `tgts invite export --help`
  assert.deepEqual(await runCli(['help', 'invite', 'export']), await runCli(['invite', 'export', '--help']));
  const call = await runCli(['call', '-h']);
  assert.match(call.stdout, /--session FILE/);
  assert.match(call.stdout, /--api-id/);
});

test('unknown commands, subcommands and flags are usage errors (exit 2)', async () => {
  const unknown = await runCli(['metods']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'metods' \(did you mean methods\?\)/);

  const badFlag = await runCli(['methods', '--jsn']);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /error: Unknown option '--jsn'/);
  assert.match(badFlag.stderr, /usage: tgts methods/);

  const badSub = await runCli(['invite', 'exprot', '@chan']);
  assert.equal(badSub.code, 2);
  assert.match(badSub.stderr, /unknown subcommand 'exprot' \(did you mean export\?\)/);

  const missing = await runCli(['invite', 'revoke', '@chan']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing <link>/);
  assert.match(missing.stderr, /usage: tgts invite revoke <chat> <link>/);

  const duration = await runCli(['invite', 'export', '@chan', '--expire', 'soon']);
  assert.equal(duration.code, 2);
  assert.match(duration.stderr, /--expire: expected a duration like 30m, 12h or 7d, got 'soon'/);

  const limit = await runCli(['invite', 'list', '-1001234', '--limit', '0']);
  assert.equal(limit.code, 2);
  assert.match(limit.stderr, /--limit: expected an integer from 1 to 1000, got '0'/);

  const chat = await runCli(['invite', 'list', '#chan']);
  assert.equal(chat.code, 2);
  assert.match(chat.stderr, /chat: expected @username/);

  const missingValue = await runCli(['call', 'help.getConfig', '--session']);
  assert.equal(missingValue.code, 2);
  assert.match(missingValue.stderr, /--session/);

  const both = await runCli(['login', '--bot-token', '1:a', '--phone', '123456']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /either --bot-token or --phone/);

  const dcs = await runCli(['serve', '--dcs', '1,1']);
  assert.equal(dcs.code, 2);
  assert.match(dcs.stderr, /DC 1 is listed twice/);
});

test('call validates the method and its JSON before connecting', async () => {
  const method = await runCli(['call', 'messages.exportChatInvit', '{}']);
  assert.equal(method.code, 2);
  assert.match(method.stderr, /unknown method \(did you mean messages.exportChatInvite\?\)/);

  const field = await runCli(['call', 'messages.exportChatInvite', '{"peer":{"_":"inputPeerChanel"}}']);
  assert.equal(field.code, 2);
  assert.match(field.stderr, /error: messages.exportChatInvite.peer._: unknown constructor 'inputPeerChanel' \(did you mean inputPeerChannel\?\)/);

  const json = await runCli(['call', 'help.getConfig', '{oops']);
  assert.equal(json.code, 2);
  assert.match(json.stderr, /the parameters is not valid JSON|not valid JSON/);

  const stdin = await runCli(['call', 'users.getUsers', '-'], { stdin: '{"id": 5}' });
  assert.equal(stdin.code, 2);
  assert.match(stdin.stderr, /users.getUsers.id: expected an array/);

  // real Telegram without app credentials: a clear usage error, no connection attempt
  const dir = mkdtempSync(join(tmpdir(), 'tgts-cli-'));
  try {
    const creds = await runCli(['call', 'help.getConfig', '--session', join(dir, 'x.session')]);
    assert.equal(creds.code, 2);
    assert.match(creds.stderr, /needs --api-id and --api-hash/);
    // a local server's first connection needs its public key
    const key = await runCli(['call', 'help.getConfig', '--server', '127.0.0.1:9', '--session', join(dir, 'y.session')]);
    assert.equal(key.code, 2);
    assert.match(key.stderr, /--key FILE is needed/);
    const server = await runCli(['call', 'help.getConfig', '--server', 'localhost', '--session', join(dir, 'y.session')]);
    assert.equal(server.code, 2);
    assert.match(server.stderr, /--server: expected HOST:PORT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('methods shows parameters, result and documented errors', async () => {
  const r = await runCli(['methods', 'exportChatInvite']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^messages\.exportChatInvite → ExportedChatInvite$/m);
  assert.match(r.stdout, /^  peer: +InputPeer$/m);
  assert.match(r.stdout, /^  usageLimit\?: +int  \(TL: usage_limit\)$/m);
  assert.match(r.stdout, /^  requestNeeded\?: +true/m);
  assert.match(r.stdout, /errors: .*400 CHAT_ADMIN_REQUIRED/);
  assert.match(r.stdout, /400 USAGE_LIMIT_INVALID/);

  const json = await runCli(['methods', 'messages.exportChatInvite', '--json']);
  const [info] = JSON.parse(json.stdout) as Array<{ name: string; result: string; params: Array<{ name: string; optional: boolean }>; errors: Array<{ code: number; type: string }> }>;
  assert.equal(info.name, 'messages.exportChatInvite');
  assert.equal(info.result, 'ExportedChatInvite');
  assert.deepEqual(info.params.find((p) => p.name === 'peer'), { name: 'peer', tlName: 'peer', type: 'InputPeer', optional: false });
  assert.ok(info.errors.some((e) => e.code === 400 && e.type === 'CHAT_ADMIN_REQUIRED'));

  const ids = await runCli(['methods', 'channels.getChannels']);
  assert.match(ids.stdout, /id: +Vector<InputChannel>/);
  const getChats = await runCli(['methods', 'messages.getChats']);
  assert.match(getChats.stdout, /id: +Vector<long \(id\)>/);

  const short = await runCli(['methods', 'invite', '--short']);
  assert.match(short.stdout, /^messages\.exportChatInvite\(.*peer: InputPeer.*\) → ExportedChatInvite$/m);

  const none = await runCli(['methods', 'zzzzz']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no method matches 'zzzzz'/);
});

test('the entry script runs as a process', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', '--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: tgts <command>/);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'nope'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown command 'nope'/);
});
