// issue 15 "done when": a bot written only with the helpers answers /start with HTML and an inline keyboard;
// a user resolves it by @username, sends /start, presses the button; the bot edits its message; the user's
// client sees every step through its updates. Also: commands for other bots and privacy mode in a group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { button } from '../../../src/client/messages/buttons.js';
import { inlineKeyboard } from '../../../src/client/messages/keyboards.js';
import type { RawMessage, Update } from '../../../src/tl/index.js';
import { everydayCast, onlineClient, until } from './helpers.js';

test('a bot answers /start with HTML and a keyboard, a button press edits its message, the user sees each step', async () => {
  const { h, alice, bot } = await everydayCast();
  const botClient = await onlineClient(h, bot);
  const errors: unknown[] = [];
  botClient.router
    .onError((error) => errors.push(error))
    .onCommand('start', (ctx) => ctx.send(`<b>Hello</b>, ${ctx.command?.args || 'friend'} 👋`, { parseMode: 'html', keyboard: inlineKeyboard([[button.callback('Press me', 'press'), button.url('Docs', 'https://core.telegram.org')]]) }))
    .onText(/^boom$/, () => {
      throw new Error('handler failure');
    })
    .onText(/^echo (.+)$/, (ctx) => ctx.reply(ctx.match![1]!))
    .onCallbackQuery('press', async (ctx) => {
      await ctx.answer({ text: 'pressed!' });
      await ctx.edit('<i>pressed</i> ✅', { parseMode: 'html' });
    })
    .start();
  const user = await onlineClient(h, alice);
  const seen: string[] = [];
  user.onUpdate((u) => {
    if (u._ === 'updateShortMessage') seen.push(`new:${u.message}`);
    for (const x of (u._ === 'updates' ? u.updates : u._ === 'updateShort' ? [u.update] : []) as Update[]) {
      if (x._ === 'updateNewMessage' && x.message._ === 'message') seen.push(`new:${x.message.message}`);
      if (x._ === 'updateEditMessage' && x.message._ === 'message') seen.push(`edit:${x.message.message}`);
    }
  });
  const botPeer = await user.peers.resolve('@helper_bot');
  assert.deepEqual(botPeer, { _: 'inputPeerUser', userId: bot.id, accessHash: bot.accessHash });
  await user.messages.sendText(botPeer, '/start tgts');
  await until(h, () => seen.includes('new:Hello, tgts 👋'));
  await botClient.router.idle();
  const [welcome] = await collect(user.messages.iterHistory(botPeer, { limit: 1 }));
  assert.ok(welcome?._ === 'message' && welcome.entities?.[0]?._ === 'messageEntityBold' && welcome.replyMarkup?._ === 'replyInlineMarkup');
  const answer = await user.api.messages.getBotCallbackAnswer({ peer: botPeer, msgId: welcome.id, data: new TextEncoder().encode('press') });
  assert.equal(answer.message, 'pressed!');
  await until(h, () => seen.includes('edit:pressed ✅'));
  await botClient.router.idle();
  // a throwing handler is reported and the router keeps going
  await user.messages.sendText(botPeer, 'boom');
  await user.messages.sendText(botPeer, 'echo again');
  await until(h, () => seen.includes('new:again'));
  const [echo] = await collect(user.messages.iterHistory(botPeer, { limit: 1 }));
  assert.ok(echo?._ === 'message' && echo.replyTo?._ === 'messageReplyHeader');
  assert.deepEqual(errors.map((e) => (e as Error).message), ['handler failure']);
});

test('router: commands for another bot are not taken; privacy mode decides what a bot sees in a group', async () => {
  const { h, s, alice, bot, group } = await everydayCast();
  s.addMember(group, bot);
  const botClient = await onlineClient(h, bot);
  const handled: string[] = [];
  botClient.router
    .onCommand(['help', 'start'], (ctx) => void handled.push(`${ctx.command!.name}:${ctx.chatKind}`))
    .on(() => true, (ctx) => void handled.push(`any:${ctx.text}`))
    .start();
  const user = await onlineClient(h, alice);
  const chat = await user.peers.resolve(-group.id);
  await user.messages.sendText(chat, 'plain chatter'); // privacy mode: not delivered
  await user.messages.sendText(chat, '/help@other_bot'); // delivered? addressed elsewhere: not taken
  await user.messages.sendText(chat, '/HELP@helper_bot');
  await until(h, () => handled.length >= 1);
  await user.messages.sendText(chat, '/start');
  await until(h, () => handled.length >= 2);
  await botClient.router.idle();
  assert.deepEqual(handled, ['help:group', 'start:group']);
  const last = (await collect(user.messages.iterHistory(chat, { limit: 1 })))[0] as RawMessage;
  assert.equal(last.message, '/start');
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
