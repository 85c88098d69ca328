/**
 * Shared pieces of the messages / updates / bots spec tests: a TCP harness per test (closed after it), random
 * ids from a counter, readers of Updates containers, and the world's views of accounts and boxes.
 */
import assert from 'node:assert/strict';
import type { TcpWorldHarness, TcpWorldHarnessOptions } from '../../src/testing/world/tcp-harness.js';
import { harness } from './invite-helpers.js';
import { inputChannel, inputPeer } from '../../src/testing/world/seed.js';
import type { ChatRecord, UserRecord } from '../../src/testing/world/types.js';
import type { InputPeer, Message, Update, Updates } from '../../src/tl/index.js';

export { inputChannel, inputPeer };

// one TCP harness per test (closed after it) and the wire-error matcher, as in the invite tests
export { err, harness } from './invite-helpers.js';

/**
 * Brings a client of `user` online: connected and past its first API call (the server pushes updates only to
 * sessions that made one, spec/updates.md §3.9).
 */
export async function online(h: TcpWorldHarness, user: UserRecord, session = 0): Promise<void> {
  await h.call('updates.getState', {}, { as: user, session });
}

let nextRandom = 1n;
/** A fresh random_id (a counter: unique within the test process). */
export function rid(): bigint {
  return nextRandom++;
}

/** The updates inside a container (short forms as themselves). */
export function updatesIn(u: Updates): Update[] {
  if (u._ === 'updates' || u._ === 'updatesCombined') return u.updates;
  if (u._ === 'updateShort') return [u.update];
  return [];
}

/** Names of the updates of a container (or its own name for short forms). */
export function names(u: Updates): string[] {
  return u._ === 'updates' || u._ === 'updatesCombined' || u._ === 'updateShort' ? updatesIn(u).map((x) => x._) : [u._];
}

/** Every update of several containers, flattened. */
export function allUpdates(list: Updates[]): Update[] {
  return list.flatMap(updatesIn);
}

/** The message of an `updateNew(Channel)Message` / `updateEdit(Channel)Message`. */
export function messageOf(u: Update | undefined): Message {
  assert.ok(u && 'message' in u && typeof u.message === 'object', `not a message update: ${u?._}`);
  return (u as { message: Message }).message;
}

/** The account's common-box pts as the server has it. */
export function ptsOf(h: TcpWorldHarness, user: UserRecord): number {
  return h.world.updateBoxes.account(user.id).pts;
}

/** A channel's pts as the server has it. */
export function channelPtsOf(h: TcpWorldHarness, chat: ChatRecord): number {
  return h.world.updateBoxes.channel(chat.id).pts;
}

/** Sends a text message and returns the caller's result. */
export function send(h: TcpWorldHarness, from: UserRecord, peer: InputPeer, message: string, extra: Record<string, unknown> = {}, session = 0): Promise<Updates> {
  return h.call('messages.sendMessage', { peer, message, randomId: rid(), ...extra }, { as: from, session });
}

/** The id of the message a send created (from `updateShortSentMessage` or `updateMessageID`). */
export function sentId(u: Updates): number {
  if (u._ === 'updateShortSentMessage') return u.id;
  const id = updatesIn(u).find((x) => x._ === 'updateMessageID');
  assert.ok(id && id._ === 'updateMessageID', `no updateMessageID in ${u._}`);
  return id.id;
}

/** Standard cast: three users, a basic group, a supergroup and a broadcast channel of alice's. */
export async function cast(options: TcpWorldHarnessOptions = {}) {
  const h = await harness(options);
  const s = h.world.seed;
  const alice = s.createUser({ firstName: 'Alice', username: 'alice_a' });
  const bob = s.createUser({ firstName: 'Bob', username: 'bob_b' });
  const carol = s.createUser({ firstName: 'Carol' });
  const group = s.createChat({ creator: alice, title: 'Group', members: [bob, carol] });
  const mega = s.createChannel({ creator: alice, title: 'Mega', megagroup: true, members: [bob, carol] });
  const chan = s.createChannel({ creator: alice, title: 'News', broadcast: true, members: [bob, carol] });
  return { h, s, alice, bob, carol, group, mega, chan };
}
