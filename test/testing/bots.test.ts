// spec/messages.md §9: privacy mode, private chats with bots, callback queries, keyboards, commands, typing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allUpdates, cast, err, inputPeer, online, ptsOf, rid, send, sentId } from './messages-helpers.js';
import type { ReplyMarkup, Update } from '../../src/tl/index.js';

const enc = (s: string) => new TextEncoder().encode(s);

const keyboard: ReplyMarkup = {
  _: 'replyInlineMarkup',
  rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonCallback', text: 'Press', data: enc('press') }] }],
};

test('privacy mode in a basic group: commands for it, replies to it, service messages; not plain text nor mentions', async () => {
  const { h, s, alice, bob, group } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  const other = s.createUser({ firstName: 'Other', bot: true, username: 'other_bot' });
  const open = s.createUser({ firstName: 'Open', bot: true, username: 'open_bot' });
  h.world.bots.setPrivacy(open, false);
  for (const b of [bot, other, open]) s.addMember(group, b);
  h.world.bots.setPrivacy(open, true); // a change after joining needs re-adding (spec §9.1)
  const seen = (b: typeof bot) => ptsOf(h, b) - 1;
  await send(h, alice, inputPeer(group), 'just chatting');
  await send(h, alice, inputPeer(group), 'hey @helper_bot look');
  assert.deepEqual([seen(bot), seen(other), seen(open)], [0, 0, 2]);
  await send(h, alice, inputPeer(group), '/start@helper_bot');
  assert.deepEqual([seen(bot), seen(other)], [1, 0]);
  await send(h, alice, inputPeer(group), '/help', {}, 0);
  assert.deepEqual([seen(bot), seen(other)], [2, 1], 'no bot posted yet: every privacy bot gets unaddressed commands');
  const botMsg = sentId(await send(h, bot, inputPeer(group), 'I am here'));
  assert.equal(seen(other), 1, "other bots' messages are never delivered");
  await send(h, alice, inputPeer(group), '/help');
  assert.deepEqual([seen(bot), seen(other)], [4, 1], 'unaddressed commands go to the last bot that posted (its own post counted)');
  // alice's copy of the bot's message: her last-but-one message id
  const aliceCopy = h.world.messages.copyIn(h.world.messages.get(`u${bot.id}`, botMsg)!, alice.id)!.id;
  await send(h, alice, inputPeer(group), 'thanks', { replyTo: { _: 'inputReplyToMessage', replyToMsgId: aliceCopy } });
  assert.equal(seen(bot), 5, 'a reply to its message');
  await h.call('messages.addChatUser', { chatId: group.id, userId: { _: 'inputUser', userId: s.createUser({ firstName: 'New' }).id, accessHash: [...h.world.users.values()].at(-1)!.accessHash }, fwdLimit: 0 }, { as: alice });
  assert.deepEqual([seen(bot), seen(other)], [6, 2], 'service messages reach every bot');
  h.world.seed.makeAdmin(group, other);
  await send(h, bob, inputPeer(group), 'admins see everything');
  assert.equal(seen(other), 3);
});

test('private chats with bots: a bot writes only to users who started it; bots never write to bots', async () => {
  const { h, s, alice } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  const bot2 = s.createUser({ firstName: 'Second', bot: true });
  await assert.rejects(send(h, bot, inputPeer(alice), 'hello?'), err('PEER_ID_INVALID'));
  await assert.rejects(send(h, bot, inputPeer(bot2), 'hi bot'), err('USER_IS_BOT'));
  await online(h, bot);
  await send(h, alice, inputPeer(bot), '/start');
  await h.settle();
  const got = h.receivedBy(bot.id).find((u) => u._ === 'updateShortMessage');
  assert.ok(got?._ === 'updateShortMessage' && got.message === '/start' && got.entities?.[0]?._ === 'messageEntityBotCommand');
  const answer = await send(h, bot, inputPeer(alice), 'welcome', { replyMarkup: keyboard });
  assert.equal(answer._, 'updates', 'a message with markup is not a short form');
  // the bot's own difference (bots use the common box like users)
  const d = await h.call('updates.getDifference', { pts: 1, date: 1, qts: 1 }, { as: bot });
  assert.ok(d._ === 'updates.difference' && d.newMessages.length === 2);
});

test('callback query round trip: getBotCallbackAnswer → updateBotCallbackQuery → setBotCallbackAnswer → the answer', async () => {
  const { h, s, alice, bob } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  await send(h, alice, inputPeer(bot), '/start');
  const botClient = await h.clientOf(bot);
  await online(h, bot);
  const answered: bigint[] = [];
  botClient.onUpdate((updates) => {
    for (const u of allUpdates([updates])) {
      if (u._ !== 'updateBotCallbackQuery') continue;
      answered.push(u.queryId);
      void h.call('messages.setBotCallbackAnswer', { queryId: u.queryId, message: `you pressed ${new TextDecoder().decode(u.data)}`, cacheTime: 5, alert: true }, { as: bot });
    }
  });
  const sent = await send(h, bot, inputPeer(alice), 'pick one', { replyMarkup: keyboard });
  const userMsgId = h.world.messages.copyIn(h.world.messages.get(`u${bot.id}`, sentId(sent))!, alice.id)!.id;
  const res = await h.call('messages.getBotCallbackAnswer', { peer: inputPeer(bot), msgId: userMsgId, data: enc('press') }, { as: alice });
  assert.deepEqual([res._, res.alert, res.hasUrl, res.message, res.cacheTime], ['messages.botCallbackAnswer', true, false, 'you pressed press', 5]);
  assert.equal(answered.length, 1);
  await h.settle();
  const q = allUpdates(h.receivedBy(bot.id)).find((u): u is Extract<Update, { _: 'updateBotCallbackQuery' }> => u._ === 'updateBotCallbackQuery');
  assert.ok(q && q.userId === alice.id && q.msgId === sentId(sent) && q.peer._ === 'peerUser' && q.peer.userId === alice.id);
  await assert.rejects(h.call('messages.setBotCallbackAnswer', { queryId: q.queryId, cacheTime: 0 }, { as: bot }), err('QUERY_ID_INVALID'));
  // errors
  const plain = sentId(await send(h, alice, inputPeer(bot), 'no keyboard here'));
  await assert.rejects(h.call('messages.getBotCallbackAnswer', { peer: inputPeer(bot), msgId: plain }, { as: alice }), err('MESSAGE_ID_INVALID'));
  await assert.rejects(h.call('messages.getBotCallbackAnswer', { peer: inputPeer(bot), msgId: userMsgId, data: new Uint8Array(65) }, { as: alice }), err('DATA_INVALID'));
  await assert.rejects(h.call('messages.getBotCallbackAnswer', { peer: inputPeer(alice), msgId: 1 }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.setBotCallbackAnswer', { queryId: 1n, cacheTime: 0 }, { as: bob }), err('USER_BOT_REQUIRED'));
  await assert.rejects(h.call('messages.setBotCallbackAnswer', { queryId: 1n, cacheTime: 0, message: 'x'.repeat(201) }, { as: bot }), err('MESSAGE_TOO_LONG'));
  await assert.rejects(h.call('messages.setBotCallbackAnswer', { queryId: 1n, cacheTime: 0, url: 'https://example.com' }, { as: bot }), err('URL_INVALID'));
  await assert.rejects(h.call('messages.setBotCallbackAnswer', { queryId: 1n, cacheTime: 0 }, { as: bot }), err('QUERY_ID_INVALID'));
});

test('a bot that never answers: BOT_RESPONSE_TIMEOUT after the configured wait', async () => {
  const { h, s, alice } = await cast({ messages: { botResponseTimeoutMs: 200 } });
  const bot = s.createUser({ firstName: 'Sleepy', bot: true, username: 'sleepy_bot' });
  await send(h, alice, inputPeer(bot), '/start');
  const sent = await send(h, bot, inputPeer(alice), 'press and wait', { replyMarkup: keyboard });
  const userMsgId = h.world.messages.copyIn(h.world.messages.get(`u${bot.id}`, sentId(sent))!, alice.id)!.id;
  await assert.rejects(h.call('messages.getBotCallbackAnswer', { peer: inputPeer(bot), msgId: userMsgId, data: enc('press') }, { as: alice }), err('BOT_RESPONSE_TIMEOUT'));
  assert.equal(h.world.callbackQueries.size, 0);
});

test('reply markup: bots only, stored and shown; limits and button kinds', async () => {
  const { h, s, alice, bob, chan } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  s.makeAdmin(chan, bot);
  await send(h, alice, inputPeer(bob), 'users cannot attach keyboards', { replyMarkup: keyboard });
  const hist = await h.call('messages.getHistory', { peer: inputPeer(bob), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: 0n }, { as: alice });
  assert.ok('messages' in hist && hist.messages[0]?._ === 'message' && hist.messages[0].replyMarkup === undefined);
  await send(h, bot, inputPeer(chan), 'post with buttons', { replyMarkup: keyboard });
  const ch = await h.call('messages.getHistory', { peer: inputPeer(chan), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: 0n }, { as: bob });
  assert.ok('messages' in ch && ch.messages[0]?._ === 'message');
  const shown = 'messages' in ch && ch.messages[0]?._ === 'message' ? ch.messages[0].replyMarkup : undefined;
  assert.ok(shown?._ === 'replyInlineMarkup');
  const button = shown.rows[0]?.buttons[0];
  assert.ok(button?._ === 'keyboardButtonCallback' && button.text === 'Press' && new TextDecoder().decode(button.data) === 'press');
  const row = (n: number) => ({ _: 'keyboardButtonRow' as const, buttons: Array.from({ length: n }, (_, i) => ({ _: 'keyboardButtonCallback' as const, text: `b${i}`, data: enc(`d${i}`) })) });
  const bad: Array<[ReplyMarkup, ReturnType<typeof err>]> = [
    [{ _: 'replyInlineMarkup', rows: [row(9)] }, err('REPLY_MARKUP_TOO_LONG')],
    [{ _: 'replyInlineMarkup', rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButton', text: 'plain' }] }] }, err('BUTTON_TYPE_INVALID')],
    [{ _: 'replyInlineMarkup', rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonCallback', text: 'x', data: new Uint8Array(0) }] }] }, err('BUTTON_DATA_INVALID')],
    [{ _: 'replyKeyboardMarkup', rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButton', text: 'k' }] }] }, err('REPLY_MARKUP_INVALID')],
  ];
  for (const [markup, want] of bad) await assert.rejects(h.call('messages.sendMessage', { peer: inputPeer(chan), message: 'x', randomId: rid(), replyMarkup: markup }, { as: bot }), want);
});

test('bots.setBotCommands / getBotCommands / resetBotCommands: scopes, languages, checks', async () => {
  const { h, s, alice, group } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  s.addMember(group, bot);
  const cmds = [{ _: 'botCommand' as const, command: 'start', description: 'Start it' }];
  const de = [{ _: 'botCommand' as const, command: 'start', description: 'Starten' }];
  const groupScope = { _: 'botCommandScopePeer' as const, peer: inputPeer(group) };
  assert.equal(await h.call('bots.setBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: '', commands: cmds }, { as: bot }), true);
  await h.call('bots.setBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: 'de', commands: de }, { as: bot });
  await h.call('bots.setBotCommands', { scope: groupScope, langCode: '', commands: [{ _: 'botCommand', command: 'group_only', description: 'Here' }] }, { as: bot });
  const strip = (l: Array<{ command: string; description: string }>) => l.map((c) => [c.command, c.description]);
  assert.deepEqual(strip(await h.call('bots.getBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: '' }, { as: bot })), [['start', 'Start it']]);
  assert.deepEqual(strip(await h.call('bots.getBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: 'de' }, { as: bot })), [['start', 'Starten']]);
  assert.deepEqual(await h.call('bots.getBotCommands', { scope: { _: 'botCommandScopeUsers' }, langCode: '' }, { as: bot }), [], 'no fallback for the bot itself');
  assert.deepEqual(strip(h.world.botCommands.visible(bot.id, alice.id, group, 'de')), [['group_only', 'Here']], 'users see the most specific scope');
  assert.deepEqual(strip(h.world.botCommands.visible(bot.id, alice.id, undefined, 'de')), [['start', 'Starten']]);
  assert.equal(await h.call('bots.resetBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: 'de' }, { as: bot }), true);
  assert.deepEqual(strip(h.world.botCommands.visible(bot.id, alice.id, undefined, 'de')), [['start', 'Start it']]);
  await h.call('bots.setBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: '', commands: [] }, { as: bot });
  assert.deepEqual(await h.call('bots.getBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: '' }, { as: bot }), [], 'an empty list deletes');
  const set = (commands: Array<{ command: string; description: string }>, langCode = '') =>
    h.call('bots.setBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode, commands: commands.map((c) => ({ _: 'botCommand' as const, ...c })) }, { as: bot });
  await assert.rejects(set([{ command: 'Bad-Name', description: 'x' }]), err('BOT_COMMAND_INVALID'));
  await assert.rejects(set([{ command: 'ok', description: '' }]), err('BOT_COMMAND_DESCRIPTION_INVALID'));
  await assert.rejects(set(Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: 'd' }))), err('BOT_COMMAND_INVALID'));
  await assert.rejects(set(cmds, 'deu'), err('LANG_CODE_INVALID'));
  await assert.rejects(h.call('bots.setBotCommands', { scope: { _: 'botCommandScopePeer', peer: { _: 'inputPeerChat', chatId: 424242 } }, langCode: '', commands: cmds }, { as: bot }), err('PEER_ID_INVALID'));
  await assert.rejects(h.call('bots.getBotCommands', { scope: { _: 'botCommandScopeDefault' }, langCode: '' }, { as: alice }), err('USER_BOT_REQUIRED'));
});

test('setTyping: updateShort typing updates to the other side; none to bots, the typist or broadcast channels', async () => {
  const { h, s, alice, bob, carol, group, mega, chan } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true });
  s.addMember(group, bot);
  await online(h, alice, 1);
  await online(h, bob);
  await online(h, carol);
  await online(h, bot);
  const typing = { _: 'sendMessageTypingAction' as const };
  assert.equal(await h.call('messages.setTyping', { peer: inputPeer(bob), action: typing }, { as: alice }), true);
  await h.call('messages.setTyping', { peer: inputPeer(group), action: typing }, { as: alice });
  await h.call('messages.setTyping', { peer: inputPeer(mega), action: typing }, { as: alice });
  await h.call('messages.setTyping', { peer: inputPeer(chan), action: typing }, { as: alice });
  await h.settle();
  const shorts = (u: typeof bob, session?: number) => h.receivedBy(u.id, session).map((x) => (x._ === 'updateShort' ? x.update._ : x._));
  assert.deepEqual(shorts(bob), ['updateUserTyping', 'updateChatUserTyping', 'updateChannelUserTyping']);
  assert.deepEqual(shorts(carol), ['updateChatUserTyping', 'updateChannelUserTyping']);
  assert.deepEqual(shorts(bot), []);
  assert.deepEqual(shorts(alice, 1), []);
  const ut = h.receivedBy(bob.id)[0];
  assert.ok(ut?._ === 'updateShort' && ut.update._ === 'updateUserTyping' && ut.update.userId === alice.id);
  const stranger = s.createUser({ firstName: 'Stranger' });
  await assert.rejects(h.call('messages.setTyping', { peer: inputPeer(group), action: typing }, { as: stranger }), err('CHAT_WRITE_FORBIDDEN', 403));
});
