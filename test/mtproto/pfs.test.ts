// Perfect Forward Secrecy in MtprotoSession against the real TestServer over TCP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { BadArgumentError, OutcomeUnknownError, RpcError } from '../../src/errors.js';
import { authKeyIdOf, decryptBindMessage } from '../../src/exchange/index.js';
import { MtprotoSession } from '../../src/mtproto/index.js';
import type { MtprotoKeyState, MtprotoSessionOptions } from '../../src/mtproto/index.js';
import { encodeBindRequest } from '../../src/mtproto/setup/pfs/index.js';
import { randomBytes } from '../../src/crypto/index.js';
import { Reader } from '../../src/tl/index.js';
import { TestServer } from '../../src/testing/index.js';
import type { AuthKeyStore } from '../../src/testing/server/auth-keys.js';
import type { ServerInternals } from '../../src/testing/server/internals.js';
import { connect } from '../../src/transport/index.js';
import { INIT } from './setup.js';


function keysOf(server: TestServer): AuthKeyStore {
  return (server as unknown as { core: ServerInternals }).core.keys;
}

function permanentKeyCount(server: TestServer): number {
  return keysOf(server).all().filter((k) => k.expiresAt === undefined).length;
}

/** A session on `server` with PFS on; `keys` collects every onKey report. */
function pfsSession(server: TestServer, keys: MtprotoKeyState[], extra: Partial<MtprotoSessionOptions> = {}): MtprotoSession {
  const co = server.clientOptions();
  return new MtprotoSession({
    dcId: co.dcId,
    dial: (signal) => connect({ type: 'tcp', codec: 'intermediate', obfuscated: false, host: co.host, port: co.port, dcId: co.dcId, signal }),
    publicKeys: co.rsaPublicKeys,
    initConnection: INIT,
    reconnect: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 6 },
    requestTimeoutMs: 10_000,
    onKey: (k) => keys.push(k),
    pfs: { expiresIn: 3600 },
    ...extra,
  });
}

async function waitFor(what: string, cond: () => boolean, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

function selfId(users: unknown): number {
  return (users as Array<{ id: number }>)[0]!.id;
}

describe('PFS: temporary keys bound with auth.bindTempAuthKey', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ wsPort: false });
  });
  after(async () => {
    await server.close();
  });

  it('binds a temporary key to the permanent one; onKey only ever sees the permanent key', async () => {
    const keys: MtprotoKeyState[] = [];
    const session = pfsSession(server, keys);
    try {
      const nearest = (await session.invoke({ _: 'help.getNearestDc' })) as { thisDc: number };
      assert.equal(nearest.thisDc, server.dcId);
      const perm = session.authKey!;
      const permId = authKeyIdOf(perm);
      const tempId = session.tempAuthKeyId;
      assert.ok(tempId !== undefined && tempId !== permId, 'messages use a separate temporary key');
      const record = keysOf(server).get(tempId)!;
      assert.ok(record, 'the server knows the temporary key');
      assert.ok(record.expiresAt !== undefined && record.expiresAt > server.now() + 3000, 'it is a temporary key with the asked lifetime');
      assert.equal(record.boundPermId, permId, 'bound to the permanent key');
      assert.ok(keys.length > 0, 'the permanent key was reported for saving');
      for (const k of keys) assert.equal(authKeyIdOf(k.authKey), permId, 'onKey never gets the temporary key');
    } finally {
      await session.close();
    }
  });

  it('a signed-in bot stays signed in across temporary key renewals; calls during renewal are neither lost nor repeated', async () => {
    const bot = server.world!.seed.createUser({ firstName: 'PfsBot', bot: true, dc: server.dcId });
    const keys: MtprotoKeyState[] = [];
    const warnings: string[] = [];
    const logger = { debug: () => {}, warn: (m: unknown) => warnings.push(String(m)) };
    const session = pfsSession(server, keys, { pfs: { expiresIn: 3 }, logger });
    const executed = new Map<number, number>();
    const keysSeen = new Set<bigint>();
    server.handle('help.getAppConfig', (req, ctx) => {
      executed.set(req.hash, (executed.get(req.hash) ?? 0) + 1);
      keysSeen.add(ctx.authKeyId);
      return { _: 'help.appConfig' as const, hash: req.hash, config: { _: 'jsonNull' as const } };
    });
    try {
      await session.invoke({ _: 'auth.importBotAuthorization', flags: 0, apiId: 1, apiHash: 'x', botAuthToken: bot.botToken! });
      const permId = authKeyIdOf(session.authKey!);
      const firstTemp = session.tempAuthKeyId!;
      assert.equal(server.userOfAuthKey(permId), bot.id, 'the sign-in lands on the permanent key');
      assert.equal(server.userOfAuthKey(firstTemp), bot.id);

      // keep calls flowing (some always in flight) until the key has been replaced twice
      const temps = new Set<bigint>([firstTemp]);
      const calls: Array<Promise<unknown>> = [];
      let hash = 0;
      const end = Date.now() + 10_000;
      while (temps.size < 3 && Date.now() < end) {
        for (let i = 0; i < 3; i++) calls.push(session.invoke({ _: 'help.getAppConfig', hash: ++hash }));
        await delay(25);
        const t = session.tempAuthKeyId;
        if (t !== undefined) temps.add(t);
      }
      assert.ok(temps.size >= 3, `the temporary key was renewed twice (saw ${temps.size} keys)`);
      const results = await Promise.all(calls);
      assert.deepEqual(
        results.map((r) => (r as { hash: number }).hash),
        Array.from({ length: hash }, (_, i) => i + 1),
        'every call answered',
      );
      for (let h = 1; h <= hash; h++) assert.equal(executed.get(h), 1, `call ${h} ran exactly once`);
      assert.ok(keysSeen.size >= 2, 'calls travelled on more than one temporary key');

      assert.equal(selfId(await session.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })), bot.id, 'still signed in');
      const now = session.tempAuthKeyId!;
      assert.equal(keysOf(server).get(now)?.boundPermId, permId);
      assert.equal(authKeyIdOf(session.authKey!), permId, 'the permanent key never changes');
      for (const k of keys) assert.equal(authKeyIdOf(k.authKey), permId, 'onKey never gets a temporary key');
      assert.deepEqual(warnings, [], 'renewed ahead of expiry (no -404, no failed bind)');
    } finally {
      await session.close();
    }
  });

  it('a restart with the saved permanent key and PFS needs no new permanent key exchange', async () => {
    const bot = server.world!.seed.createUser({ firstName: 'PfsRestart', bot: true, dc: server.dcId });
    const keys: MtprotoKeyState[] = [];
    const first = pfsSession(server, keys);
    let saved: MtprotoKeyState;
    try {
      await first.invoke({ _: 'auth.importBotAuthorization', flags: 0, apiId: 1, apiHash: 'x', botAuthToken: bot.botToken! });
      saved = keys.at(-1)!;
    } finally {
      await first.close();
    }
    const permanentBefore = permanentKeyCount(server);
    const again: MtprotoKeyState[] = [];
    const second = pfsSession(server, again, { authKey: saved.authKey, salt: saved.salt, timeOffset: saved.timeOffset });
    try {
      assert.equal(selfId(await second.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })), bot.id, 'signed in at once');
      assert.equal(permanentKeyCount(server), permanentBefore, 'no new permanent key');
      assert.deepEqual(second.authKey, saved.authKey);
      assert.equal(keysOf(server).get(second.tempAuthKeyId!)?.boundPermId, authKeyIdOf(saved.authKey));
    } finally {
      await second.close();
    }
  });

  it('AUTH_KEY_PERM_EMPTY renews the temporary key at once and the call goes again', async () => {
    const session = pfsSession(server, []);
    try {
      await session.start();
      const before = session.tempAuthKeyId;
      server.faults.rpcError('help.getNearestDc', 401, 'AUTH_KEY_PERM_EMPTY', 1);
      const nearest = (await session.invoke({ _: 'help.getNearestDc' })) as { thisDc: number };
      assert.equal(nearest.thisDc, server.dcId);
      assert.notEqual(session.tempAuthKeyId, before, 'a new temporary key');
      assert.equal(keysOf(server).get(session.tempAuthKeyId!)?.boundPermId, authKeyIdOf(session.authKey!));
      // any other error still reaches the caller
      server.faults.rpcError('help.getNearestDc', 401, 'AUTH_KEY_UNREGISTERED', 1);
      await assert.rejects(session.invoke({ _: 'help.getNearestDc' }), (e: unknown) => e instanceof RpcError && e.message === 'AUTH_KEY_UNREGISTERED');
    } finally {
      await session.close();
    }
  });

  it('-404 for a forgotten temporary key makes a new temporary key, never a new permanent one', async () => {
    const keys: MtprotoKeyState[] = [];
    const session = pfsSession(server, keys);
    try {
      await session.start();
      const perm = session.authKey!;
      const before = session.tempAuthKeyId!;
      keysOf(server).remove(before);
      // the call in flight when the key vanished may or may not have run: it is not sent again
      await assert.rejects(session.invoke({ _: 'help.getNearestDc' }), (e: unknown) => e instanceof OutcomeUnknownError && /temporary auth key/.test(e.reason));
      const nearest = (await session.invoke({ _: 'help.getNearestDc' })) as { thisDc: number };
      assert.equal(nearest.thisDc, server.dcId);
      assert.notEqual(session.tempAuthKeyId, before);
      assert.deepEqual(session.authKey, perm);
      for (const k of keys) assert.deepEqual(k.authKey, perm);
    } finally {
      await session.close();
    }
  });

  it('a permanent key the server does not know is replaced after binding fails', async () => {
    const keys: MtprotoKeyState[] = [];
    const unknown = randomBytes(256);
    const session = pfsSession(server, keys, { authKey: unknown, salt: 0n });
    try {
      await session.start();
      const perm = session.authKey!;
      assert.notDeepEqual(perm, unknown, 'a new permanent key');
      assert.ok(keys.some((k) => authKeyIdOf(k.authKey) === authKeyIdOf(perm)), 'the new permanent key was reported');
      assert.equal(keysOf(server).get(session.tempAuthKeyId!)?.boundPermId, authKeyIdOf(perm));
      await session.invoke({ _: 'help.getNearestDc' });
    } finally {
      await session.close();
    }
  });

  it('closing during a renewal settles everything', async () => {
    const session = pfsSession(server, [], { pfs: { expiresIn: 2 } });
    await session.start();
    const first = session.tempAuthKeyId;
    await waitFor('a renewal to start', () => session.state !== 'ready' || session.tempAuthKeyId !== first);
    const call = session.invoke({ _: 'help.getNearestDc' }).then(
      () => 'answered',
      (e: unknown) => (e as Error).name,
    );
    await session.close();
    assert.ok(['answered', 'ClosedError'].includes(await call));
    assert.equal(session.state, 'closed');
  });
});

describe('PFS: options and the bind request', () => {
  it('refuses a bad expiresIn with BadArgumentError naming the field', () => {
    for (const expiresIn of [0, -5, 1.5, Number.NaN, 2 ** 31]) {
      assert.throws(
        () => new MtprotoSession({ dcId: 2, dial: () => Promise.reject(new Error('unused')), publicKeys: [], initConnection: INIT, pfs: { expiresIn } }),
        (e: unknown) => e instanceof BadArgumentError && e.field === 'pfs.expiresIn',
      );
    }
  });

  it('encodes auth.bindTempAuthKey whose encrypted message the server side accepts for that msg_id and session', () => {
    const permAuthKey = randomBytes(256);
    const tempAuthKey = randomBytes(256);
    const params = { permAuthKey, tempAuthKey, sessionId: 77n, msgId: 0x6000_0000_0000_0004n, expiresAt: 1_900_000_000, nonce: 99n };
    const body = encodeBindRequest(params);
    const r = new Reader(body);
    assert.equal(r.int() >>> 0, 0xcdd42a05, 'auth.bindTempAuthKey constructor');
    const permAuthKeyId = r.long();
    assert.equal(permAuthKeyId, authKeyIdOf(permAuthKey));
    assert.equal(r.long(), 99n);
    assert.equal(r.int(), 1_900_000_000);
    const encrypted = r.bytes();
    const expected = { permAuthKeyId, nonce: 99n, expiresAt: 1_900_000_000, tempAuthKeyId: authKeyIdOf(tempAuthKey), tempSessionId: 77n, msgId: params.msgId };
    assert.equal(decryptBindMessage(permAuthKey, encrypted, expected).tempSessionId, 77n);
    assert.throws(() => decryptBindMessage(permAuthKey, encrypted, { ...expected, msgId: params.msgId + 4n }), (e: unknown) => e instanceof RpcError);
    assert.throws(() => decryptBindMessage(permAuthKey, encrypted, { ...expected, tempSessionId: 78n }), (e: unknown) => e instanceof RpcError);
  });
});
