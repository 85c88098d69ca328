/**
 * A user signs in with phone + code + two-step verification password, saves the session as a
 * string, and a second client resumes from it without signing in again.
 * Run it: `node --import tsx examples/user-sign-in-2fa.ts`.
 *
 * Against real Telegram, `code` and `password` would ask the person (e.g. with `readline`).
 */
// Published package: `import { Client, StringSession } from 'tgts'`.
import { Client, StringSession } from '../src/index.js';
import { app, row, runIfMain, testCode, withServer, type ExampleOptions } from './lib/harness.js';

export interface UserSignInResult {
  userId: number;
  firstName: string;
  /** How many times the password was asked (the first answer in this example is wrong). */
  passwordAttempts: number;
  /** The saved session string signs the second client in by itself. */
  resumed: boolean;
}

export async function main(options: ExampleOptions = {}): Promise<UserSignInResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  return withServer(options.server, async (server, world) => {
    // An account with a cloud password (2FA). The test world gives it a number 99966XYYYY,
    // and the code Telegram "sends" to such numbers is X five times.
    const account = world.seed.createUser({ firstName: 'Grace', password: 'correct horse battery staple' });
    const phone = account.phone!;

    // The person types a wrong password first; the client asks again (up to `maxAttempts`).
    const typed = ['tr0ub4dor&3', 'correct horse battery staple'];
    let passwordAttempts = 0;

    const session = new StringSession();
    const first = new Client({ ...app, ...server.clientOptions(), session });
    const me = await first.run(() =>
      first.auth.user({
        phone,
        code: async () => {
          const code = testCode(phone);
          log(row('code', `${code} (sent to +${phone})`));
          return code;
        },
        password: async () => {
          passwordAttempts++;
          const password = typed.shift() ?? '';
          log(row('password', `attempt ${passwordAttempts}`));
          return password;
        },
      }),
    );
    log(row('signed in', `${me.firstName} (id ${me.id}) after ${passwordAttempts} password attempts`));

    // The session string holds the auth key: keep it secret, like a password.
    const saved = session.toString();
    log(row('session', `${saved.length} characters saved`));

    const second = new Client({ ...app, ...server.clientOptions(), session: new StringSession(saved) });
    const status = await second.run(() => second.auth.status());
    log(row('resumed', status.authorized ? `as ${status.user?.firstName} without a code` : 'not authorized'));

    return { userId: me.id, firstName: me.firstName ?? '', passwordAttempts, resumed: status.authorized };
  });
}

runIfMain(import.meta.url, () => main());
