// Scale: one account in 10,000 channels — no timer per channel, dialogs page in order without repeats, the
// difference names channels with news (capped), a channel's difference and pushes stay per channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, inputChannel, online } from './messages-helpers.js';
import { addParticipant } from '../../src/testing/world/membership.js';
import { newChatRecord } from '../../src/testing/world/seed.js';
import type { ChatRecord } from '../../src/testing/world/types.js';

const CHANNELS = 10_000;

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('an account in 10,000 channels', async () => {
  const h = await harness({ messages: { differenceChannelsMax: 1000 }, recordPushes: false });
  const w = h.world;
  const alice = w.seed.createUser({ firstName: 'Alice' });
  const poster = w.seed.createUser({ firstName: 'Poster' });
  const before = timers();
  const channels: ChatRecord[] = [];
  const t0 = h.time;
  for (let i = 0; i < CHANNELS; i++) {
    const chat = newChatRecord(w, 'channel', { title: `c${i}`, creatorId: poster.id, date: h.time, megagroup: true });
    addParticipant(w, undefined, chat, poster.id, { inviterId: poster.id, source: 'creator', date: h.time });
    addParticipant(w, undefined, chat, alice.id, { inviterId: poster.id, source: 'invited', date: h.time });
    channels.push(chat);
  }
  // every channel gets a message while alice is offline, the last 50 a second later
  for (const [i, chat] of channels.entries()) {
    if (i === CHANNELS - 50) h.time += 1;
    w.seed.message(poster, chat, `hello ${i}`);
  }
  assert.equal(timers(), before, 'no timer per channel');
  // online: a message in each of 300 channels is one push each (a pause every 256 lets the session's bounded
  // outbox of 512 messages drain, as real traffic would)
  await online(h, alice);
  for (const [i, chat] of channels.slice(0, 300).entries()) {
    w.seed.message(poster, chat, `again ${i}`);
    if (i % 256 === 255) await new Promise((r) => setImmediate(r));
  }
  await h.settle();
  assert.equal(h.receivedBy(alice.id).length, 300);

  // dialogs: the first 10 pages of 100, newest first, no channel twice
  const seen = new Set<number>();
  let offsetPeer: { _: 'inputPeerEmpty' } | { _: 'inputPeerChannel'; channelId: number; accessHash: bigint } = { _: 'inputPeerEmpty' };
  let offsetDate = 0;
  let offsetId = 0;
  let lastDate = Infinity;
  for (let page = 0; page < 10; page++) {
    const r: Awaited<ReturnType<typeof h.call<'messages.getDialogs'>>> = await h.call('messages.getDialogs', { offsetDate, offsetId, offsetPeer, limit: 100, hash: 0n }, { as: alice });
    assert.ok(r._ === 'messages.dialogsSlice' || r._ === 'messages.dialogs');
    if (r.dialogs.length === 0) break;
    if (r._ === 'messages.dialogsSlice') assert.equal(r.count, CHANNELS);
    for (const d of r.dialogs) if (d._ === 'dialog' && d.peer._ === 'peerChannel') seen.add(d.peer.channelId);
    for (const m of r.messages) {
      if (m._ === 'messageEmpty') continue;
      assert.ok(m.date <= lastDate, 'newest first');
      lastDate = m.date;
    }
    const last: (typeof r.dialogs)[number] = r.dialogs[r.dialogs.length - 1]!;
    const lastMsg: (typeof r.messages)[number] = r.messages[r.messages.length - 1]!;
    if (last._ !== 'dialog' || last.peer._ !== 'peerChannel' || lastMsg._ === 'messageEmpty') break;
    const chat: ChatRecord = w.chats.get(last.peer.channelId)!;
    offsetPeer = { _: 'inputPeerChannel', channelId: chat.id, accessHash: chat.accessHash };
    offsetDate = lastMsg.date;
    offsetId = last.topMessage;
  }
  assert.equal(seen.size, 1000);

  // the common difference names the most recently active channels, capped
  const d = await h.call('updates.getDifference', { pts: 1, date: t0, qts: 1 }, { as: alice });
  assert.ok(d._ === 'updates.difference');
  const named = d.otherUpdates.filter((u) => u._ === 'updateChannelTooLong');
  assert.equal(named.length, 1000);
  const recent = new Set(channels.slice(-50).map((c) => c.id));
  assert.ok([...recent].every((id) => named.some((u) => u._ === 'updateChannelTooLong' && u.channelId === id)), 'the newest are in');
  h.time += 1;
  for (const chat of channels.slice(-50)) w.seed.message(poster, chat, 'latest');
  const later = await h.call('updates.getDifference', { pts: 1, date: h.time, qts: 1 }, { as: alice });
  assert.ok(later._ === 'updates.difference' && later.otherUpdates.length === 50, 'only the 50 active at that date');

  // one channel's difference is its own
  const one = channels[100]!;
  const cd = await h.call('updates.getChannelDifference', { channel: inputChannel(one), filter: { _: 'channelMessagesFilterEmpty' }, pts: 1, limit: 100 }, { as: alice });
  assert.ok(cd._ === 'updates.channelDifference' && cd.newMessages.length === 2 && cd.pts === 3);
  const state = await h.call('updates.getState', {}, { as: alice });
  assert.equal(state.unreadCount, CHANNELS + 300 + 50);
});
