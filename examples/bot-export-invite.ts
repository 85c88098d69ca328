/**
 * A bot exports an invite link of a channel it administers: with a title, a usage limit and an
 * expiry date. Run it: `node --import tsx examples/bot-export-invite.ts`.
 *
 * Against real Telegram you would drop the TestServer, pass your api_id/api_hash and a session
 * (`new FileSession('bot.session')`), and use the token from @BotFather.
 */
// Published package: `import { Client, type tl } from 'tgts'` and `import { inputPeer } from 'tgts/testing'`.
import { Client, type tl } from '../src/index.js';
import { inputPeer } from '../src/testing/index.js';
import { app, row, runIfMain, withServer, type ExampleOptions } from './lib/harness.js';
import { exported } from './lib/peers.js';

/** The link the bot created. */
export type BotExportInviteResult = tl.ChatInviteExported;

export async function main(options: ExampleOptions = {}): Promise<BotExportInviteResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  return withServer(options.server, async (server, world) => {
    // Set the scene in the simulated world: a channel, and a bot that may invite users to it.
    // The world issues the bot token, like @BotFather does.
    const owner = world.seed.createUser({ firstName: 'Owner' });
    const bot = world.seed.createUser({ firstName: 'Invite bot', username: 'invite_example_bot', bot: true });
    const channel = world.seed.createChannel({ creator: owner, title: 'Example news', broadcast: true });
    world.seed.makeAdmin(channel, bot, ['inviteUsers']);
    // A real bot gets the channel (id + access hash) from the update it receives when promoted;
    // here we take it from the world directly.
    const peer = inputPeer(channel);

    // `run` connects (TCP + key exchange), runs the function, and always closes the client.
    const client = new Client({ ...app, ...server.clientOptions() });
    return client.run(async (api) => {
      const me = await client.auth.bot(bot.botToken!);
      log(row('bot', `@${me.username} signed in`));

      const expireDate = Math.floor(Date.now() / 1000) + 24 * 3600;
      // Every method is typed from the TL schema: params, result and documented errors.
      const invite = exported(await api.messages.exportChatInvite({ peer, title: 'Early birds', usageLimit: 50, expireDate }));
      log(row('link', invite.link));
      log(row('title', invite.title ?? '(none)'));
      log(row('limit', `${invite.usageLimit} uses`));
      log(row('expires', new Date(expireDate * 1000).toISOString()));
      return invite;
    });
  });
}

runIfMain(import.meta.url, () => main());
