/**
 * Demo step: a bot written only with tgts's helpers and its router. It answers `/start` with HTML and an
 * inline keyboard (showing "typing…" while it prepares the answer), and edits that message when the
 * button is pressed. A user finds it by @username, sends `/start` and presses the button; every step
 * reaches the user through `client.updates`.
 */
// Published package: `import { Client, button, inlineKeyboard } from 'tgts'` and `import type { TestServer, World } from 'tgts/testing'`.
import { Client, button, inlineKeyboard } from '../../src/index.js';
import type { TestServer, World } from '../../src/testing/index.js';
import { app, row, testCode } from './harness.js';

/** What the step produced, for tests. */
export interface RouterBotResult {
  /** What the user's updates showed, in order: `typing`, `new: …`, `edit: …`. */
  userSaw: string[];
  /** The bot's first answer as the user received it (text and entity types). */
  reply: { text: string; entities: string[]; buttons: string[] };
  /** The toast the user got for pressing the button. */
  callbackAnswer: string;
  /** The edited text. */
  edited: string;
}

/** Records what a client's updates show and lets the story wait for a step (bounded, timer unref'd). */
function watch(client: Client, saw: string[]): (what: (line: string) => boolean) => Promise<string> {
  const waiters = new Set<() => void>();
  const push = (line: string): void => {
    saw.push(line);
    for (const w of waiters) w();
  };
  client.updates.on('newMessage', ({ message }) => void (message._ === 'message' && push(`new: ${message.message}`)));
  client.updates.on('editMessage', ({ message }) => void (message._ === 'message' && push(`edit: ${message.message}`)));
  client.updates.on('updateUserTyping', (u) => void (u.action._ === 'sendMessageTypingAction' && push('typing')));
  return (what) =>
    new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const hit = saw.find(what);
        if (hit === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the user did not see the expected step; saw ${JSON.stringify(saw)}`));
      }, 5000);
      timer.unref();
      waiters.add(check);
      check();
    });
}

/** The bot: two handlers on `client.router`, nothing else. */
function startBot(bot: Client): void {
  bot.router
    .onCommand('start', (ctx) =>
      // "typing…" while the answer is prepared, cancelled once it is sent
      bot.messages.withTyping(ctx.chat, () =>
        ctx.send(`<b>Welcome to tgts</b>, ${ctx.command?.args || 'friend'}! 🚀\nPress a button:`, {
          parseMode: 'html',
          keyboard: inlineKeyboard([[button.callback('What is new?', 'news'), button.url('Docs', 'https://core.telegram.org/api')]]),
        }),
      ),
    )
    .onCallbackQuery('news', async (ctx) => {
      await ctx.answer({ text: 'Here is the news' });
      await ctx.edit('<b>tgts 1.0</b>: <i>iterators, long texts, typing</i> ✅', { parseMode: 'html' });
    })
    .start();
}

/** The step: a fresh bot and user in `world`, the conversation, and every client closed at the end. */
export async function routerBotStep(server: TestServer, world: World, log: (line: string) => void): Promise<RouterBotResult> {
  log('9. A bot built with the router answers /start, a button press edits its message');
  const botRecord = world.seed.createUser({ firstName: 'Tour guide', username: 'tgts_tour_bot', bot: true });
  const userRecord = world.seed.createUser({ firstName: 'Carol' });
  const bot = new Client({ ...app, ...server.clientOptions() });
  const user = new Client({ ...app, ...server.clientOptions() });
  try {
    await bot.connect();
    await bot.auth.bot(botRecord.botToken!);
    startBot(bot);
    await bot.updates.start();
    log(row('bot', `@${botRecord.username} runs client.router: onCommand('start'), onCallbackQuery('news')`));

    await user.connect();
    await user.auth.user({ phone: userRecord.phone!, code: async () => testCode(userRecord.phone!) });
    const saw: string[] = [];
    const seen = watch(user, saw);
    await user.updates.start();
    const botPeer = await user.peers.resolve(`@${botRecord.username!}`);
    log(row('Carol', `resolved @${botRecord.username} and sends /start tour`));
    await user.messages.sendText(botPeer, '/start tour');

    await seen((l) => l.startsWith('new: Welcome'));
    const [welcome] = await first(user.messages.iterHistory(botPeer, { limit: 1 }));
    if (welcome?._ !== 'message') throw new Error('no answer from the bot');
    const reply = {
      text: welcome.message,
      entities: (welcome.entities ?? []).map((e) => e._),
      buttons: welcome.replyMarkup?._ === 'replyInlineMarkup' ? welcome.replyMarkup.rows.flatMap((r) => r.buttons.map((b) => b.text)) : [],
    };
    log(row('reply', `"${reply.text.split('\n')[0]}" (${reply.entities.join(', ')}) + buttons [${reply.buttons.join('] [')}]`));

    const answer = await user.api.messages.getBotCallbackAnswer({ peer: botPeer, msgId: welcome.id, data: new TextEncoder().encode('news') });
    log(row('pressed', `"What is new?" → toast "${answer.message ?? ''}"`));
    const edited = (await seen((l) => l.startsWith('edit: '))).slice('edit: '.length);
    await bot.router.idle();
    log(row('edited', `"${edited}"`));
    log(row('Carol saw', saw.map((s) => s.split(':')[0]).join(' → ')));
    return { userSaw: saw, reply, callbackAnswer: answer.message ?? '', edited };
  } finally {
    bot.router.stop();
    await Promise.all([bot.close(), user.close()]);
  }
}

async function first<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}


