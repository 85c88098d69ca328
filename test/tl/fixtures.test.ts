/** The recorded fixtures decode to the expected values and re-encode byte-identically. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Reader, decode, encode, readResult } from '../../src/tl/index.js';
import type { ChatInviteExported, MessagesMessages, RawMessage } from '../../src/tl/index.js';
import { fromHex, toHex } from './helpers.js';

const load = (name: string): Uint8Array => fromHex(readFileSync(`test/fixtures/${name}`, 'utf8'));

test('chatInviteExported fixture', () => {
  const bytes = load('chatInviteExported.hex');
  const o = decode(bytes) as ChatInviteExported;
  assert.equal(o._, 'chatInviteExported');
  assert.equal(o.link, 'https://t.me/+AbCdEfGhIjKlMnOp');
  assert.equal(o.usage, 42);
  assert.equal(o.adminId, 777000123);
  assert.equal(typeof o.adminId, 'number');
  assert.equal(o.revoked, true);
  assert.equal(o.title, 'Paid club invite');
  assert.deepStrictEqual(o.subscriptionPricing, { _: 'starsSubscriptionPricing', period: 2592000, amount: 250n });
  assert.equal(toHex(encode(o)), toHex(bytes));
  // As the result of messages.exportChatInvite
  const r = new Reader(bytes);
  assert.deepStrictEqual(readResult('messages.exportChatInvite', r), o);
  r.assertEnd();
});

test('messages.messages with 100 messages fixture', () => {
  const bytes = load('messages_messages_100.hex');
  const o = decode(bytes) as MessagesMessages;
  assert.equal(o._, 'messages.messages');
  assert.equal(o.messages.length, 100);
  const first = o.messages[0] as RawMessage;
  assert.equal(first._, 'message');
  assert.equal(first.id, 50000);
  assert.ok(first.message.includes('Привет, мир! 👋'));
  assert.deepStrictEqual(first.peerId, { _: 'peerChannel', channelId: 1500000001 });
  assert.ok(o.users.length > 0 && o.chats.length > 0);
  assert.equal(toHex(encode(o)), toHex(bytes));
  const r = new Reader(bytes);
  assert.deepStrictEqual(readResult('messages.getHistory', r), o);
});
