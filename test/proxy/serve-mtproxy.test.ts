/**
 * `tgts serve --mtproxy SECRET --http-port N`: the printed tg://proxy links and the HTTP port work
 * for a Client; a bad secret is a usage error naming the option.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../../src/client/client.js';
import { runCli } from '../cli/run-cli.js';

test('serve --mtproxy prints three working links; --http-port serves the HTTP transport', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-serve-mtproxy-'));
  const controller = new AbortController();
  let ready!: (text: string) => void;
  const printed = new Promise<string>((resolve) => (ready = resolve));
  const secret = 'ee' + '42'.repeat(16) + Buffer.from('cdn.example').toString('hex');
  const done = runCli(['serve', '--key-out', join(dir, 'key.pem'), '--mtproxy', secret, '--http-port', '0'], {
    signal: controller.signal,
    onStdout: (text) => {
      if (text.includes('ready;')) ready(text);
    },
  });
  try {
    const text = await Promise.race([printed, done.then((r) => Promise.reject(new Error(`serve exited early: ${r.stderr}`)))]);
    const dc = /^DC 2: 127\.0\.0\.1:(\d+) \(websocket [^,]+, http 127\.0\.0\.1:(\d+)\/api\)$/m.exec(text);
    assert.ok(dc, text);
    const links = [...text.matchAll(/^ {2}(tg:\/\/proxy\?\S+)$/gm)].map((m) => m[1]!);
    assert.equal(links.length, 3, text);
    assert.ok(links[2]!.endsWith(`secret=${Buffer.from(secret, 'hex').toString('base64url')}`), 'the FakeTLS link keeps the domain, base64url');
    const token = /^ {2}(\d+:\S+) {2}@demo_bot/m.exec(text)![1]!;
    const base = { apiId: 1, apiHash: 'h', dc: { id: 2, host: '127.0.0.1', port: Number(dc[1]), httpPort: Number(dc[2]) }, publicKeys: [readFileSync(join(dir, 'key.pem'), 'utf8')] };
    const variants = [...links.map((proxy) => ({ proxy })), { transport: { type: 'http' as const } }];
    for (const extra of variants) {
      const client = new Client({ ...base, ...extra });
      const me = await client.run(() => client.auth.bot(token));
      assert.equal(me.username, 'demo_bot', JSON.stringify(extra));
    }
  } finally {
    controller.abort();
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    rmSync(dir, { recursive: true, force: true });
  }
  const bad = await runCli(['serve', '--mtproxy', 'dd0011']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--mtproxy: 3 bytes starting with 0xdd/);
});
