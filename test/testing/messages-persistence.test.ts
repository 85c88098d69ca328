// Messages, boxes, read marks, random ids and bot commands survive a restart with dataDir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../../src/client/client.js';
import { MemorySession } from '../../src/storage/session/memory.js';
import { randomBytes } from '../../src/crypto/index.js';
import { TestServer } from '../../src/testing/index.js';
import { inputPeer } from '../../src/testing/world/seed.js';
import type { AnyRequest } from '../../src/tl/index.js';

async function clientFor(server: TestServer, userId: number, authKey: Uint8Array, bot = false): Promise<Client> {
  const o = server.clientOptions();
  const session = new MemorySession({ version: 1, dcId: o.dcId, dcs: { [o.dcId]: { host: o.host, port: o.port, authKey } }, user: { id: userId, bot } });
  const client = new Client({ apiId: 1, apiHash: 'persist', dc: o.dc, dcs: o.dcs, publicKeys: o.publicKeys, testServers: o.testServers, session, requestTimeout: 10_000 });
  await client.connect();
  return client;
}

test('a restarted server keeps messages, pts/qts/seq, event logs, read marks, random ids and bot commands', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-messages-'));
  const keys = { alice: randomBytes(256), bob: randomBytes(256), bot: randomBytes(256) };
  try {
    const s1 = await TestServer.start({ dataDir: dir, wsPort: false });
    const w = s1.world!;
    const alice = w.seed.createUser({ firstName: 'Alice' });
    const bob = w.seed.createUser({ firstName: 'Bob' });
    const bot = w.seed.createUser({ firstName: 'Bot', bot: true, username: 'persist_bot' });
    const mega = w.seed.createChannel({ creator: alice, title: 'Mega', megagroup: true, members: [bob] });
    for (const [name, user] of [['alice', alice], ['bob', bob], ['bot', bot]] as const) s1.importAuthKey(keys[name], { userId: user.id });
    const a = await clientFor(s1, alice.id, keys.alice);
    const b = await clientFor(s1, bob.id, keys.bob);
    const t = await clientFor(s1, bot.id, keys.bot, true);
    const call = <R extends AnyRequest>(c: Client, r: R) => c.invoke(r);
    await call(a, { _: 'messages.sendMessage', peer: inputPeer(bob), message: 'one', randomId: 11n });
    await call(a, { _: 'messages.sendMessage', peer: inputPeer(bob), message: 'two', randomId: 12n });
    await call(a, { _: 'messages.sendMessage', peer: inputPeer(mega), message: 'in mega', randomId: 13n });
    await call(a, { _: 'messages.editMessage', peer: inputPeer(bob), id: 1, message: 'one (edited)' });
    await call(b, { _: 'messages.readHistory', peer: inputPeer(alice), maxId: 1 });
    await call(t, { _: 'bots.setBotCommands', scope: { _: 'botCommandScopeDefault' }, langCode: '', commands: [{ _: 'botCommand', command: 'go', description: 'Go' }] });
    const before = { alice: await call(a, { _: 'updates.getState' }), bob: await call(b, { _: 'updates.getState' }) };
    const channelPts = w.updateBoxes.channel(mega.id).pts;
    await Promise.all([a.close(), b.close(), t.close()]);
    await s1.close();

    const s2 = await TestServer.start({ dataDir: dir, wsPort: false });
    try {
      const a2 = await clientFor(s2, alice.id, keys.alice);
      const b2 = await clientFor(s2, bob.id, keys.bob);
      const t2 = await clientFor(s2, bot.id, keys.bot, true);
      try {
        assert.deepEqual(await call(a2, { _: 'updates.getState' }), { ...before.alice, date: s2.now() });
        const hist = await call(b2, { _: 'messages.getHistory', peer: inputPeer(alice), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: 0n });
        assert.ok(typeof hist === 'object' && hist !== null && 'messages' in hist);
        const texts = (hist as { messages: Array<{ message?: string }> }).messages.map((m) => m.message);
        assert.deepEqual(texts, ['two', 'one (edited)']);
        const diff = (await call(b2, { _: 'updates.getDifference', pts: 1, date: 1, qts: 1 })) as { _: string; otherUpdates: Array<{ _: string }>; state: { pts: number } };
        assert.equal(diff._, 'updates.difference');
        assert.deepEqual(diff.otherUpdates.map((u) => u._).filter((n) => n !== 'updateChannelTooLong'), ['updateEditMessage', 'updateReadHistoryInbox']);
        assert.equal(diff.state.pts, before.bob.pts);
        // the random_id still dedups: same message, no new event
        const again = (await call(a2, { _: 'messages.sendMessage', peer: inputPeer(bob), message: 'two', randomId: 12n })) as { _: string; updates: Array<{ _: string; id?: number }> };
        assert.equal(again._, 'updates');
        assert.equal(again.updates[0]?.id, 2);
        // ids and pts continue where they were
        const next = (await call(a2, { _: 'messages.sendMessage', peer: inputPeer(bob), message: 'three', randomId: 14n })) as { id: number; pts: number };
        assert.deepEqual([next.id, next.pts], [3, before.alice.pts + 1], 'the channel message is in the channel box, not alice’s');
        const cd = (await call(b2, { _: 'updates.getChannelDifference', channel: { _: 'inputChannel', channelId: mega.id, accessHash: mega.accessHash }, filter: { _: 'channelMessagesFilterEmpty' }, pts: 1, limit: 100 })) as { _: string; pts: number; newMessages: unknown[] };
        assert.deepEqual([cd._, cd.pts, cd.newMessages.length], ['updates.channelDifference', channelPts, 1]);
        const dialogs = (await call(a2, { _: 'messages.getDialogs', offsetDate: 0, offsetId: 0, offsetPeer: { _: 'inputPeerEmpty' }, limit: 10, hash: 0n })) as { dialogs: Array<{ readOutboxMaxId: number; peer: { _: string } }> };
        assert.equal(dialogs.dialogs.find((d) => d.peer._ === 'peerUser')?.readOutboxMaxId, 1, 'read marks persisted');
        const cmds = (await call(t2, { _: 'bots.getBotCommands', scope: { _: 'botCommandScopeDefault' }, langCode: '' })) as Array<{ command: string }>;
        assert.deepEqual(cmds.map((c) => c.command), ['go']);
      } finally {
        await Promise.all([a2.close(), b2.close(), t2.close()]);
      }
    } finally {
      await s2.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
