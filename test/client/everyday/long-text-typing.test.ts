// issue 15: sending a text over 4096 UTF-16 units (`split: true`, else MESSAGE_TOO_LONG) and chat actions
// (`setTyping`, `withTyping` re-sending on a ManualClock and cancelling, on abort too), over TCP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/client/clock.js';
import { CancelledError, RpcError } from '../../../src/errors.js';
import type { RawMessage, SendMessageAction, Update, Updates } from '../../../src/tl/index.js';
import type { Client } from '../../../src/client/client.js';
import { everydayCast, onlineClient, until } from './helpers.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function singles(u: Updates): Update[] {
  return u._ === 'updates' || u._ === 'updatesCombined' ? u.updates : u._ === 'updateShort' ? [u.update] : [];
}

/** The typing actions `client` receives, as `kind:action[:progress]`. */
function typingSeen(client: Client): string[] {
  const seen: string[] = [];
  const name = (a: SendMessageAction) => a._.replace(/^sendMessage|Action$/g, '') + ('progress' in a ? `:${a.progress}` : '');
  client.onUpdate((u) => {
    for (const x of singles(u)) {
      if (x._ === 'updateUserTyping') seen.push(`user:${name(x.action)}`);
      if (x._ === 'updateChatUserTyping') seen.push(`chat:${name(x.action)}`);
      if (x._ === 'updateChannelUserTyping') seen.push(`channel:${name(x.action)}`);
    }
  });
  return seen;
}

test('a 3-part HTML text goes out with split: true, in order, entities cut at the part edges; without it MESSAGE_TOO_LONG', async () => {
  const { h, alice, bob } = await everydayCast();
  const a = await h.clientOf(alice);
  const b = await h.clientOf(bob);
  const line = '🧪 test '.repeat(300); // 2400 UTF-16 units
  const html = `<b>${line}</b>\n${line}\n<i>${line}</i>`;
  await assert.rejects(a.messages.sendText('@bob_b', html, { parseMode: 'html' }), (e: unknown) => RpcError.is(e, 'MESSAGE_TOO_LONG'));
  const first = await a.messages.sendText('@bob_b', 'before');
  const sent = await a.messages.sendText('@bob_b', html, { parseMode: 'html', split: true, replyTo: first.id });
  assert.equal(sent.length, 3);
  const texts = sent.map((m) => (m as RawMessage).message);
  // (short asserts: a failing diff of 7,000 characters helps nobody)
  assert.ok(texts.every((t) => t === line), 'cut at the two newlines (dropped)');
  assert.deepEqual(sent.map((m) => (m as RawMessage).entities?.map((e) => e._)), [['messageEntityBold'], undefined, ['messageEntityItalic']]);
  assert.ok(sent[0]!.id < sent[1]!.id && sent[1]!.id < sent[2]!.id, 'sent in order');
  assert.ok((sent[0] as RawMessage).replyTo !== undefined && (sent[1] as RawMessage).replyTo === undefined, 'the reply is on the first part only');
  // bob reads them back, in order, with the same entities
  const got = (await collect(b.messages.iterHistory('@alice_a', { limit: 3, reverse: false }))).reverse() as RawMessage[];
  assert.deepEqual(got.map((m) => m.id), sent.map((m) => m.id));
  assert.ok(got.every((m) => m.message === line.trimEnd()), 'as sent, trailing space trimmed by Telegram');
  assert.deepEqual(got.map((m) => m.entities?.map((e) => [e.offset, e.length])), [[[0, line.trimEnd().length]], undefined, [[0, line.trimEnd().length]]]);
});

test('setTyping: typing, upload progress and cancel reach the other side (private chat, basic group, supergroup)', async () => {
  const { h, alice, bob, group, mega } = await everydayCast();
  const a = await h.clientOf(alice);
  const b = await onlineClient(h, bob);
  const seen = typingSeen(b);
  await a.messages.setTyping('@bob_b');
  await a.messages.setTyping('@bob_b', 'uploadPhoto', { progress: 40 });
  await a.messages.setTyping('@bob_b', 'cancel');
  await a.messages.setTyping(-group.id, 'uploadDocument', { progress: 101 });
  await a.messages.setTyping({ _: 'inputPeerChannel', channelId: mega.id, accessHash: mega.accessHash }, { _: 'sendMessageRecordAudioAction' });
  await until(h, () => seen.length >= 5);
  assert.deepEqual(seen, ['user:Typing', 'user:UploadPhoto:40', 'user:Cancel', 'chat:UploadDocument:100', 'channel:RecordAudio']);
});

test('withTyping re-sends the action every interval while the function runs, cancels at the end and on abort; no timer left', async () => {
  const { h, alice, bob } = await everydayCast();
  const a = await h.clientOf(alice);
  const b = await onlineClient(h, bob);
  const seen = typingSeen(b);
  const clock = new ManualClock();
  let finish!: (v: string) => void;
  let pct = 10;
  const running = a.messages.withTyping('@bob_b', () => new Promise<string>((r) => (finish = r)), { clock, action: 'uploadDocument', progress: () => pct });
  await until(h, () => seen.length >= 1 && clock.pending === 1);
  pct = 60;
  await clock.advance(4500);
  await until(h, () => seen.length >= 2 && clock.pending === 1);
  finish('done');
  assert.equal(await running, 'done');
  assert.equal(clock.pending, 0, 'the re-send timer is gone');
  assert.deepEqual(clock.sleeps, [4500, 4500]);
  await until(h, () => seen.length >= 3);
  assert.deepEqual(seen, ['user:UploadDocument:10', 'user:UploadDocument:60', 'user:Cancel']);

  // the caller aborts: fn's signal fires, the action is cancelled, nothing keeps running
  seen.length = 0;
  const controller = new AbortController();
  const clock2 = new ManualClock();
  const aborted = a.messages.withTyping(
    '@bob_b',
    (signal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new CancelledError(signal.reason)), { once: true })),
    { clock: clock2, signal: controller.signal },
  );
  await until(h, () => seen.length >= 1 && clock2.pending === 1);
  controller.abort('stop');
  await assert.rejects(aborted, CancelledError);
  assert.equal(clock2.pending, 0);
  await until(h, () => seen.length >= 2);
  assert.deepEqual(seen, ['user:Typing', 'user:Cancel']);
  // a throwing function: same cleanup, its error comes through
  await assert.rejects(a.messages.withTyping('@bob_b', async () => Promise.reject(new Error('boom'))), /boom/);
});
