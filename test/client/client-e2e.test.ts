/**
 * The Client end to end against an in-process TestServer over real TCP (and WebSocket).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectTypeOf } from 'expect-type';
import { Client } from '../../src/client/client.js';
import { BadArgumentError, RpcError } from '../../src/client/errors.js';
import { FileSession, MemorySession, SqliteSession, StringSession } from '../../src/storage/index.js';
import type { SessionStorage } from '../../src/storage/index.js';
import { TestServer } from '../../src/testing/index.js';
import { inputPeer } from '../../src/testing/world/seed.js';
import type { ErrorsOf } from '../../src/tl/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };

describe('Client against TestServer', () => {
  let server: TestServer;
  let dir: string;

  before(async () => {
    server = await TestServer.start();
    dir = await mkdtemp(join(tmpdir(), 'tgts-client-'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function newClient(extra: Partial<ConstructorParameters<typeof Client>[0]> = {}): Client {
    return new Client({ ...app, ...server.clientOptions(), ...extra });
  }

  test('bot signs in and exports an invite link of its channel', async () => {
    const world = server.world!;
    const owner = world.seed.createUser({ firstName: 'Owner' });
    const bot = world.seed.createUser({ firstName: 'InviteBot', bot: true });
    const channel = world.seed.createChannel({ creator: owner, title: 'News', broadcast: true });
    world.seed.makeAdmin(channel, bot, 'all');
    const client = newClient();
    const invite = await client.run(async (api) => {
      const me = await client.auth.bot(bot.botToken!);
      assert.equal(me.id, bot.id);
      assert.equal(me.bot, true);
      return api.messages.exportChatInvite({ peer: inputPeer(channel), usageLimit: 10, title: 'beta' });
    });
    assert.equal(invite._, 'chatInviteExported');
    if (invite._ === 'chatInviteExported') {
      assert.match(invite.link, /^https:\/\/t\.me\/\+[\w-]{16}$/);
      assert.equal(invite.usageLimit, 10);
      assert.equal(invite.title, 'beta');
      assert.equal(invite.adminId, bot.id);
    }
  });

  test('a documented error surfaces as a typed RpcError', async () => {
    const world = server.world!;
    const owner = world.seed.createUser({ firstName: 'Owner2' });
    const bot = world.seed.createUser({ firstName: 'Member bot', bot: true });
    const channel = world.seed.createChannel({ creator: owner, title: 'Club', megagroup: true, members: [bot] });
    const client = newClient();
    const err = await client
      .run(async (api) => {
        await client.auth.bot(bot.botToken!);
        return api.messages.exportChatInvite({ peer: inputPeer(channel) });
      })
      .then(
        () => assert.fail('expected CHAT_ADMIN_REQUIRED'),
        (e: unknown) => e,
      );
    assert.ok(RpcError.is(err, 'CHAT_ADMIN_REQUIRED'));
    assert.equal(err.code, 400);
    assert.equal(err.method, 'messages.exportChatInvite');
    const unknownError: unknown = err;
    assert.ok(RpcError.isOf(unknownError, 'messages.exportChatInvite'));
    expectTypeOf(unknownError.type).toEqualTypeOf<ErrorsOf<'messages.exportChatInvite'>>();
  });

  test('user signs in with a code, signs up, and passes 2FA; wrong code and password are reported', async () => {
    const world = server.world!;
    // sign-up of a new number
    const fresh = newClient();
    const phone = '9996621234';
    const codes = ['00000', '22222'];
    const created = await fresh.run(() =>
      fresh.auth.user({ phone, code: async () => codes.shift()!, firstName: 'New', lastName: 'User' }),
    );
    assert.equal(created.firstName, 'New');
    assert.ok(world.userByPhone(phone));

    // 2FA account, wrong password first
    const secured = world.seed.createUser({ firstName: 'Sec', phone: '9996625555', password: 'hunter2' });
    const client = newClient();
    const passwords = ['wrong', 'hunter2'];
    const me = await client.run(() =>
      client.auth.user({ phone: secured.phone!, code: async () => '22222', password: async () => passwords.shift()! }),
    );
    assert.equal(me.id, secured.id);
    assert.equal(passwords.length, 0);

    // wrong code every time → PHONE_CODE_INVALID after maxAttempts
    const bad = newClient();
    await assert.rejects(
      bad.run(() => bad.auth.user({ phone: secured.phone!, code: async () => '12345', maxAttempts: 2 })),
      (e: unknown) => RpcError.is(e, 'PHONE_CODE_INVALID'),
    );
  });

  test('flood wait below the threshold is slept through, above it is thrown', async () => {
    const client = newClient({ floodWaitThreshold: 1 });
    await client.run(async (api) => {
      server.faults.floodWait('help.getNearestDc', 1, 1);
      const started = Date.now();
      const nearest = await api.help.getNearestDc();
      assert.equal(nearest._, 'nearestDc');
      assert.ok(Date.now() - started >= 900, 'slept about a second');
      server.faults.floodWait('help.getNearestDc', 30, 1);
      await assert.rejects(api.help.getNearestDc(), (e: unknown) => RpcError.is(e, 'FLOOD_WAIT') && e.argument === 30);
    });
  });

  test('100 concurrent calls survive a connection cut', async () => {
    const client = newClient();
    const states: string[] = [];
    client.onStateChange((s) => states.push(s));
    await client.run(async (api) => {
      await api.help.getNearestDc();
      // the next packet (the burst, packed in containers) is discarded and the connection cut
      server.faults.dropAfterMessages(1, { once: true });
      const results = await Promise.allSettled(Array.from({ length: 100 }, () => api.help.getNearestDc()));
      const failed = results.filter((r) => r.status === 'rejected');
      assert.deepEqual(failed, [], 'every call resolved');
      assert.equal(results.length, 100);
    });
    assert.ok(states.includes('disconnected'), `the connection was cut (states: ${states.join(' → ')})`);
    assert.equal(states.at(-1), 'closed');
  });

  test('run() leaves no socket or timer of the client behind', async () => {
    const count = () => {
      const counts = new Map<string, number>();
      for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) ?? 0) + 1);
      return counts;
    };
    const before = count();
    const client = newClient();
    await client.run((api) => api.help.getNearestDc());
    // the server side of the socket closes when the client's FIN arrives
    for (let i = 0; i < 100 && server.stats.connections > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const afterRun = count();
    for (const kind of ['TCPSocketWrap', 'Timeout']) {
      assert.ok((afterRun.get(kind) ?? 0) <= (before.get(kind) ?? 0), `${kind}: ${before.get(kind) ?? 0} before, ${afterRun.get(kind) ?? 0} after`);
    }
  });

  for (const kind of ['memory', 'file', 'sqlite', 'string'] as const) {
    test(`the ${kind} session keeps the key and the account across a restart`, async () => {
      const bot = server.world!.seed.createUser({ firstName: `Bot-${kind}`, bot: true });
      const make = (): SessionStorage => {
        if (kind === 'file') return new FileSession(join(dir, 'a.session'));
        if (kind === 'sqlite') return new SqliteSession(join(dir, 'a.sqlite'));
        return kind === 'memory' ? memory : string;
      };
      const memory = new MemorySession();
      const string = new StringSession();
      const keysBefore = server.stats.authKeys;
      const first = newClient({ session: make() });
      await first.run(() => first.auth.bot(bot.botToken!));
      assert.equal(server.stats.authKeys, keysBefore + 1);
      const restored = kind === 'string' ? new StringSession(string.toString()) : make();
      const second = newClient({ session: restored });
      const status = await second.run(() => second.auth.status());
      assert.deepEqual(status.user && { id: status.user.id, bot: status.user.bot }, { id: bot.id, bot: true });
      assert.equal(server.stats.authKeys, keysBefore + 1, 'no new key exchange');
    });
  }

  test('every transport combination works; full + obfuscated is refused before connecting', async () => {
    for (const type of ['tcp', 'websocket'] as const) {
      for (const codec of ['abridged', 'intermediate', 'paddedIntermediate', 'full'] as const) {
        for (const obfuscated of [false, true]) {
          if (codec === 'full' && obfuscated) {
            assert.throws(() => newClient({ transport: { type, codec, obfuscated } }), BadArgumentError);
            continue;
          }
          const client = newClient({ transport: { type, codec, obfuscated } });
          const nearest = await client.run((api) => api.help.getNearestDc());
          assert.equal(nearest.thisDc, server.dcId, `${type}/${codec}/${obfuscated}`);
        }
      }
    }
  });

  test('with PFS the client works on a bound temporary key, and the authorization belongs to the permanent key', async () => {
    const bot = server.world!.seed.createUser({ firstName: 'Pfs bot', bot: true });
    const session = new MemorySession();
    const first = newClient({ session, pfs: { expiresIn: 600 } });
    await first.run(() => first.auth.bot(bot.botToken!));
    const saved = await session.load();
    assert.equal(saved?.dcs[server.dcId]?.authKey?.length, 256, 'only the permanent key is saved');
    const second = newClient({ session });
    const status = await second.run(() => second.auth.status());
    assert.equal(status.user?.id, bot.id);
  });

  test('signal and timeout cancel a call', async () => {
    const client = newClient();
    await client.run(async (api) => {
      server.faults.delayReplies(500);
      try {
        await assert.rejects(api.help.getNearestDc(undefined, { timeout: 100 }), { name: 'TimeoutError' });
        const controller = new AbortController();
        const call = api.help.getNearestDc(undefined, { signal: controller.signal });
        controller.abort();
        await assert.rejects(call);
      } finally {
        server.faults.reset();
      }
    });
  });
});
