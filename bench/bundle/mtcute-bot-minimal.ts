/**
 * Bundle-size probe (not run by tests): mtcute's tree-shakeable style — `BaseTelegramClient` plus the
 * standalone `start` function from `@mtcute/core/methods.js` — doing the same as `tgts-bot.ts`.
 */
import { BaseTelegramClient } from '@mtcute/node';
import { start } from '@mtcute/core/methods.js';

const tg = new BaseTelegramClient({ apiId: Number(process.env.API_ID), apiHash: process.env.API_HASH ?? '', storage: 'bot.session' });

await start(tg, { botToken: process.env.BOT_TOKEN ?? '' });
const invite = await tg.call({
  _: 'messages.exportChatInvite',
  peer: { _: 'inputPeerChat', chatId: Number(process.env.CHAT_ID) },
  usageLimit: 10,
});
console.log(invite);
await tg.destroy();
