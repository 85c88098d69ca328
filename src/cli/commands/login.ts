/** `tgts login`: sign in once, keep the auth key in the session file. */
import { noMorePositionals, parseCommandLine, str } from '../args.js';
import type { CliCommand } from '../command.js';
import { EXIT_OK } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, sessionPath, withClient } from '../connect.js';
import { println } from '../io.js';
import { Prompter } from '../prompt.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: tgts login --bot-token TOKEN [connection options]
       tgts login --phone NUMBER [--code CODE] [--password PASSWORD] [--first-name NAME] [connection options]`;

const HELP = `${USAGE}

Signs in and saves the session file (auth key, server address, account), so later commands
need only --session. Prints who is signed in. Running it again with a signed-in session just
shows the account.

As a bot: --bot-token (from @BotFather, or printed by 'tgts serve').
As a user: --phone; the code Telegram sends is asked on the terminal (or given with --code),
and so is the two-step verification password when the account has one (or --password).
A number without an account is signed up when --first-name is given.

Options:
  --bot-token TOKEN     sign in as a bot
  --phone NUMBER        sign in as a user (international format, digits)
  --code CODE           the login code, instead of asking
  --password PASSWORD   the 2FA password, instead of asking
  --first-name NAME     sign up a new account with this name
  --last-name NAME      last name for sign-up
  -h, --help            show this help

${CONNECTION_HELP}

Examples:
  tgts login --server 127.0.0.1:8443 --key tgts-test-key.pem --bot-token 1000003:AAx...
  tgts login --server 127.0.0.1:8443 --phone 9996621001 --code 22222
  TG_API_ID=12345 TG_API_HASH=0123abcd tgts login --phone +15551234567 --session me.session
`;

export const loginCommand: CliCommand = {
  name: 'login',
  summary: 'sign in and save the session',
  usage: USAGE,
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandLine(args, {
      ...CONNECTION_OPTIONS,
      'bot-token': { type: 'string' },
      phone: { type: 'string' },
      code: { type: 'string' },
      password: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
    });
    if (help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    noMorePositionals(positionals, 0);
    const token = str(values, 'bot-token');
    const phoneText = str(values, 'phone');
    if (token !== undefined && phoneText !== undefined) throw new UsageError('give either --bot-token or --phone, not both');
    if (token !== undefined && !/^\d+:[\w-]+$/.test(token)) throw new UsageError('--bot-token: a bot token looks like 123456:AAbC-dEf...');
    const phone = phoneText?.replace(/[\s()+-]/g, '');
    if (phone !== undefined && !/^\d{5,15}$/.test(phone)) throw new UsageError(`--phone: expected a phone number in international format, got '${phoneText}'`);

    const prompter = new Prompter(io);
    try {
      const who = await withClient(values, io, async (client) => {
        const status = await client.auth.status();
        if (status.authorized && status.user) {
          if (token === undefined && phone === undefined) return { ...status.user, already: true };
          println(io.stderr, 'note: this session is already signed in; use another --session to sign in as someone else');
          return { ...status.user, already: true };
        }
        if (token === undefined && phone === undefined) throw new UsageError('the session is not signed in: pass --bot-token or --phone');
        const user =
          token !== undefined
            ? await client.auth.bot(token)
            : await client.auth.user({
                phone: phone!,
                code: async () => str(values, 'code') ?? prompter.ask('login code: '),
                password: async () => str(values, 'password') ?? prompter.askSecret('2FA password: '),
                ...(str(values, 'first-name') !== undefined ? { firstName: str(values, 'first-name') } : {}),
                ...(str(values, 'last-name') !== undefined ? { lastName: str(values, 'last-name') } : {}),
                // a wrong --code would be retried with the same value: fail on the first miss
                ...(str(values, 'code') !== undefined ? { maxAttempts: 1 } : {}),
              });
        return { id: user.id, bot: user.bot === true, firstName: user.firstName, username: user.username, already: false };
      });
      const name = [who.firstName, who.username ? `(@${who.username})` : undefined].filter(Boolean).join(' ');
      println(io.stdout, `${who.already ? 'already signed in' : 'signed in'} as ${who.bot ? 'bot' : 'user'} ${name || '?'} id ${who.id}`);
      println(io.stdout, `session saved in ${sessionPath(values)}`);
      return EXIT_OK;
    } finally {
      prompter.close();
    }
  },
};
