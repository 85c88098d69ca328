/**
 * Bundle-size probe (not run by tests): mtcute's equivalent of `tgts-bot.ts` with its usual entry
 * point, `TelegramClient` from `@mtcute/node`, signing in as a bot and exporting an invite link.
 */
import { TelegramClient } from '@mtcute/node';

const tg = new TelegramClient({ apiId: Number(process.env.API_ID), apiHash: process.env.API_HASH ?? '', storage: 'bot.session' });

await tg.start({ botToken: process.env.BOT_TOKEN ?? '' });
const invite = await tg.call({
  _: 'messages.exportChatInvite',
  peer: { _: 'inputPeerChat', chatId: Number(process.env.CHAT_ID) },
  usageLimit: 10,
});
console.log(invite);
await tg.destroy();
