// Refs.scanMessage (the difference page's per-message peer collection) finds what the generic scan
// finds, on plain messages (its fast path) and on ones with nested peers (which it hands to the scan).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Refs } from '../../src/testing/world/updates/refs.js';
import type { Message } from '../../src/tl/index.js';

const base = { _: 'message', id: 1, date: 1, message: 'hi' } as const;
const cases: Message[] = [
  { ...base, peerId: { _: 'peerUser', userId: 5 } },
  { ...base, peerId: { _: 'peerChannel', channelId: 9 }, fromId: { _: 'peerUser', userId: 6 }, viaBotId: 7 },
  { ...base, peerId: { _: 'peerChat', chatId: 3 }, fromId: { _: 'peerUser', userId: 6 }, replyTo: { _: 'messageReplyHeader', replyToMsgId: 1, replyToPeerId: { _: 'peerChannel', channelId: 11 } } },
  { ...base, peerId: { _: 'peerUser', userId: 5 }, entities: [{ _: 'messageEntityMentionName', offset: 0, length: 2, userId: 12 }] },
  { ...base, peerId: { _: 'peerUser', userId: 5 }, fwdFrom: { _: 'messageFwdHeader', date: 1, fromId: { _: 'peerChannel', channelId: 13 } } },
  { _: 'messageService', id: 2, date: 1, peerId: { _: 'peerChat', chatId: 3 }, action: { _: 'messageActionChatAddUser', users: [14, 15] } },
];

test('scanMessage collects the same users and chats as scan', () => {
  for (const m of cases) {
    const fast = new Refs().scanMessage(m);
    const slow = new Refs().scan(m);
    assert.deepEqual([...fast.users].sort(), [...slow.users].sort(), JSON.stringify(m));
    assert.deepEqual([...fast.chats].sort(), [...slow.chats].sort(), JSON.stringify(m));
  }
  const r = new Refs().scanMessage(cases[1]!);
  assert.deepEqual([...r.users].sort(), [6, 7]);
  assert.deepEqual([...r.chats], [9]);
});
