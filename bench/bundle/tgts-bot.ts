/**
 * Bundle-size probe (not run by tests): a bot that signs in and creates an invite link, written the
 * way a tgts user would. `bench/coldstart.ts` bundles it with esbuild (platform node, minified).
 */
import { Client, FileSession } from '../../src/index.js';

const client = new Client({
  apiId: Number(process.env.API_ID),
  apiHash: process.env.API_HASH ?? '',
  session: new FileSession('bot.session'),
});

await client.run(async (api) => {
  await client.auth.bot(process.env.BOT_TOKEN ?? '');
  const invite = await api.messages.exportChatInvite({ peer: { _: 'inputPeerChat', chatId: Number(process.env.CHAT_ID) }, usageLimit: 10 });
  console.log(invite);
});
