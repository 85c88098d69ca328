/**
 * A bot moderates join requests of a supergroup: it exports a link that needs approval, is told
 * about each request by an update (`updateBotChatInviteRequester`), approves or declines it, and the
 * approved user is a member afterwards. Run it: `node --import tsx examples/join-requests.ts`.
 */
// Published package: `import { Client, RpcError, type tl } from 'tgts'` and `import { inputPeer } from 'tgts/testing'`.
import { Client, RpcError, type tl } from '../src/index.js';
import { inputPeer, type UserRecord } from '../src/testing/index.js';
import { app, row, runIfMain, testCode, withServer, type ExampleOptions } from './lib/harness.js';
import { exported, inputUserOf, inviteHash, nextUpdate } from './lib/peers.js';

export interface JoinRequestsResult {
  /** The approval link (`request_needed`). */
  link: string;
  /** Error each applicant got from `importChatInvite`, by first name (`INVITE_REQUEST_SENT`). */
  applied: Record<string, string>;
  approved: string[];
  declined: string[];
  /** Whether each applicant is a member at the end, by first name. */
  members: Record<string, boolean>;
}

/** The bot's rule for this example: bios that advertise giveaways are declined. */
function shouldApprove(about: string): boolean {
  return !/giveaway/i.test(about);
}

/** Signs a test account in by phone (the code of `99966X…` numbers is `XXXXX`). */
async function signIn(client: Client, user: UserRecord): Promise<void> {
  await client.auth.user({ phone: user.phone!, code: async () => testCode(user.phone!) });
}

/** Asks to join through `hash`; with an approval link Telegram answers `INVITE_REQUEST_SENT`. */
async function apply(client: Client, hash: string): Promise<string> {
  try {
    await client.api.messages.importChatInvite({ hash });
    return 'joined directly';
  } catch (err) {
    if (RpcError.is(err, 'INVITE_REQUEST_SENT')) return err.type;
    throw err;
  }
}

export async function main(options: ExampleOptions = {}): Promise<JoinRequestsResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  return withServer(options.server, async (server, world) => {
    const owner = world.seed.createUser({ firstName: 'Owner' });
    const botRecord = world.seed.createUser({ firstName: 'Gatekeeper', username: 'gatekeeper_example_bot', bot: true });
    const group = world.seed.createChannel({ creator: owner, title: 'Study group', megagroup: true });
    world.seed.makeAdmin(group, botRecord, ['inviteUsers']);
    const applicants = [
      world.seed.createUser({ firstName: 'Carol', about: 'Second-year physics student' }),
      world.seed.createUser({ firstName: 'Dave', about: 'Free crypto GIVEAWAY, click my profile' }),
    ];

    const bot = new Client({ ...app, ...server.clientOptions() });
    const users = applicants.map(() => new Client({ ...app, ...server.clientOptions() }));
    try {
      // The bot stays connected: Telegram pushes it one update per join request.
      await bot.auth.bot(botRecord.botToken!);
      await Promise.all(applicants.map((a, i) => signIn(users[i]!, a)));
      const peer = inputPeer(group); // a real bot takes this from the updates it receives
      const invite = exported(await bot.api.messages.exportChatInvite({ peer, requestNeeded: true, title: 'Applications' }));
      log(row('link', `${invite.link} (needs approval)`));

      const result: JoinRequestsResult = { link: invite.link, applied: {}, approved: [], declined: [], members: {} };
      const hash = inviteHash(invite.link);
      for (const [i, applicant] of applicants.entries()) {
        // Subscribe before applying so the update cannot be missed.
        const request = nextUpdate(bot, (u, all) => {
          if (u._ !== 'updateBotChatInviteRequester' || u.userId !== applicant.id) return undefined;
          const user = all._ === 'updates' || all._ === 'updatesCombined' ? all.users.find((x) => x.id === u.userId) : undefined;
          return user ? { update: u, user } : undefined;
        });
        result.applied[applicant.firstName] = await apply(users[i]!, hash);
        log(row(applicant.firstName, `asked to join → ${result.applied[applicant.firstName]}`));

        const { update, user } = await request;
        const approved = shouldApprove(update.about);
        await bot.api.messages.hideChatJoinRequest({ approved, peer, userId: inputUserOf(user) });
        (approved ? result.approved : result.declined).push(applicant.firstName);
        log(row('bot', `${approved ? 'approved' : 'declined'} ${applicant.firstName} ("${update.about}")`));
      }

      // Checking a link of a chat you are already in answers `chatInviteAlready`.
      for (const [i, applicant] of applicants.entries()) {
        const check: tl.ChatInvite = await users[i]!.api.messages.checkChatInvite({ hash });
        result.members[applicant.firstName] = check._ === 'chatInviteAlready';
        log(row(applicant.firstName, result.members[applicant.firstName] ? 'is a member' : 'is not a member'));
      }
      return result;
    } finally {
      await Promise.all([bot, ...users].map((c) => c.close()));
    }
  });
}

runIfMain(import.meta.url, () => main());
