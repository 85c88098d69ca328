/**
 * Done-when matrix of the proxies issue: every transport Telegram supports — {abridged,
 * intermediate, padded intermediate, full} × {plain, obfuscated} × {TCP, WebSocket} ×
 * {direct, SOCKS5 (microsocks with auth), HTTP CONNECT (tinyproxy with auth)}, the three MTProxy
 * secret kinds, and the HTTP transport (direct and through both proxies) — signs a bot in and
 * exports an invite link against one shared TestServer. `full` is never obfuscated (obfuscated2
 * carries the other three codecs only), so 7 framings × 2 carriers × 3 routes = 42 combinations.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import type { ClientOptions } from '../../src/client/options.js';
import type { CodecName } from '../../src/transport/index.js';
import { MtproxyFront, TestServer } from '../../src/testing/index.js';
import { inputPeer } from '../../src/testing/world/seed.js';
import { missingProxyBinaries, startMicrosocks, startTinyproxy } from '../helpers/real-proxies.js';
import type { RealProxy } from '../helpers/real-proxies.js';

const missing = missingProxyBinaries();
// tinyproxy's BasicAuth allows [A-Za-z0-9._-] only; microsocks gets URL-escaped characters.
const socksAuth = { username: 'tgts-user', password: 'p@ss:w/rd%' };
const httpAuth = { username: 'tgts-user', password: 'pass.word-1' };

interface Combo {
  name: string;
  options: Partial<ClientOptions>;
}

describe('transport × proxy matrix', { skip: missing.length > 0 ? `missing ${missing.join(', ')} (see .ci/run)` : false }, () => {
  let server: TestServer;
  let socks: RealProxy;
  let http: RealProxy;
  let front: MtproxyFront;
  let bot: { botToken?: string };
  let channel: Parameters<typeof inputPeer>[0];

  before(async () => {
    // One by one, so that `after` stops whatever started when a later start fails.
    server = await TestServer.start({ httpPort: 0 });
    socks = await startMicrosocks(socksAuth);
    http = await startTinyproxy(httpAuth);
    front = await MtproxyFront.start({ secret: '0123456789abcdef0123456789abcdef', dcs: server.clientOptions().dcs });
    const world = server.world!;
    const owner = world.seed.createUser({ firstName: 'Owner' });
    bot = world.seed.createUser({ firstName: 'MatrixBot', bot: true });
    channel = world.seed.createChannel({ creator: owner, title: 'Matrix', broadcast: true });
    world.seed.makeAdmin(channel, bot as Parameters<typeof world.seed.makeAdmin>[1], 'all');
  });
  after(async () => {
    await Promise.all([front?.close(), server?.close(), socks?.stop(), http?.stop()]);
  });

  function combos(): Combo[] {
    const out: Combo[] = [];
    const framings: Array<[CodecName, boolean]> = [];
    for (const codec of ['abridged', 'intermediate', 'paddedIntermediate', 'full'] as const) {
      for (const obfuscated of [false, true]) if (!(codec === 'full' && obfuscated)) framings.push([codec, obfuscated]);
    }
    const routes: Array<[string, string | undefined]> = [
      ['direct', undefined],
      ['socks5', socks.url],
      ['connect', http.url],
    ];
    for (const [route, proxy] of routes) {
      for (const type of ['tcp', 'websocket'] as const) {
        for (const [codec, obfuscated] of framings) {
          out.push({ name: `${type}/${codec}/${obfuscated ? 'obf' : 'plain'}/${route}`, options: { transport: { type, codec, obfuscated }, ...(proxy ? { proxy } : {}) } });
        }
      }
      out.push({ name: `http/${route}`, options: { transport: { type: 'http' }, ...(proxy ? { proxy } : {}) } });
    }
    for (const kind of ['plain', 'padded', 'faketls'] as const) out.push({ name: `mtproxy/${kind}`, options: { proxy: front.link(kind) } });
    return out;
  }

  async function signInAndExport(combo: Combo, title: string): Promise<string> {
    const client = new Client({ apiId: 1, apiHash: 'matrix', ...server.clientOptions(), ...combo.options });
    const invite = await client.run(async (api) => {
      const me = await client.auth.bot(bot.botToken!);
      assert.equal(me.bot, true, combo.name);
      return api.messages.exportChatInvite({ peer: inputPeer(channel), title });
    });
    assert.equal(invite._, 'chatInviteExported', combo.name);
    if (invite._ !== 'chatInviteExported') throw new Error('unreachable');
    assert.equal(invite.title, title, combo.name);
    return invite.link;
  }

  test('every combination signs in and exports an invite', async () => {
    const all = combos();
    assert.equal(all.length, 42 + 3 + 3);
    const links = new Set<string>();
    const failures: string[] = [];
    for (let i = 0; i < all.length; i += 6) {
      const batch = all.slice(i, i + 6);
      const results = await Promise.allSettled(batch.map((c, j) => signInAndExport(c, `combo ${i + j}`)));
      results.forEach((r, j) => {
        if (r.status === 'fulfilled') links.add(r.value);
        else failures.push(`${batch[j]!.name}: ${(r.reason as Error)?.stack ?? String(r.reason)}`);
      });
    }
    assert.deepEqual(failures, []);
    assert.equal(links.size, all.length, 'each combination exported its own link');
    assert.ok(front.stats.accepted >= 3);
  });
});
