/**
 * `npm start`: the tour of tgts. Starts the embedded Telegram test server in this process, then
 * real clients (TCP, key exchange, MTProto 2.0) sign in and go through invite links:
 *
 *   1. an owner creates a channel and makes a bot its admin
 *   2. the bot exports an invite link (title, usage limit, expiry)
 *   3. Alice checks the link and joins; the usage count goes up
 *   4. Bob asks to join through an approval link; the owner approves
 *   5. the owner revokes the permanent link and gets a new one
 *   6. a member who is not an admin tries to export a link: a typed error
 *   7. the bot receives messages through `client.updates`
 *   8. the owner sends a file to the channel; Alice downloads it and the SHA-256 matches
 *   9. a bot made only of helpers and the router answers /start; a button press edits its message
 *
 * Each step is one small function; read them top to bottom.
 */
// Published package: `import { Client, RpcError } from 'tgts'` and `import { TestServer } from 'tgts/testing'`.
import { Client, RpcError, type Api, type tl } from '../src/index.js';
import type { TestServer, UserRecord, World } from '../src/testing/index.js';
import { sendAndReceiveFile, type FileStepResult } from './lib/file-step.js';
import { app, row, runIfMain, testCode, withServer, type ExampleOptions } from './lib/harness.js';
import { routerBotStep, type RouterBotResult } from './lib/router-bot.js';
import { channelIn, exported, inputChannelOf, inputUserOf, inviteHash, nextUpdate, peerOf, type Channel } from './lib/peers.js';

/** One signed-in account: its client and typed api. */
interface Account {
  name: string;
  client: Client;
  api: Api;
}

/** Everyone in the story, once step 1 is done. */
interface Cast {
  owner: Account;
  bot: Account;
  alice: Account;
  bob: Account;
  /** The channel as the owner sees it. */
  channel: Channel;
  /** The same channel as the bot sees it (access hashes are per account on Telegram). */
  botChannel: Channel;
}

/** What the demo produced, for tests. */
export interface DemoResult {
  link: string;
  usageAfterJoin: number;
  bobIsMember: boolean;
  revokedLink: string;
  newPermanentLink: string;
  forbiddenError: string;
  /** Texts the bot's `client.updates` delivered in step 7. */
  botReceived: string[];
  /** Step 8: the file the owner sent and Alice downloaded. */
  file: FileStepResult;
  /** Step 9: the router bot's conversation as the user saw it. */
  routerBot: RouterBotResult;
}

/** Connects a client to the test server; `signIn` then authorizes it. */
async function connect(server: TestServer, name: string, signIn: (client: Client) => Promise<unknown>): Promise<Account> {
  const client = new Client({ ...app, ...server.clientOptions() });
  try {
    await client.connect();
    await signIn(client);
  } catch (err) {
    await client.close();
    throw err;
  }
  return { name, client, api: client.api };
}

/** Signs a user in by phone: Telegram sends a code, the test server's is `XXXXX` for `99966X…` numbers. */
function userSignIn(user: UserRecord): (client: Client) => Promise<unknown> {
  const phone = user.phone!;
  return (client) => client.auth.user({ phone, code: async () => testCode(phone) });
}

/** Date as `2025-01-31 12:00 UTC`. */
function utc(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function usage(invite: tl.ChatInviteExported): string {
  return invite.usageLimit ? `${invite.usage ?? 0} / ${invite.usageLimit} uses` : `${invite.usage ?? 0} uses`;
}

/** Step 1: accounts exist in the simulated world; the owner builds the channel through the API. */
async function createChannelWithBotAdmin(server: TestServer, world: World, log: (line: string) => void, accounts: Account[]): Promise<Cast> {
  log('1. An owner creates a channel and makes a bot its admin');
  // The world issues phone numbers and bot tokens, like @BotFather would.
  const ownerRecord = world.seed.createUser({ firstName: 'Olivia' });
  const botRecord = world.seed.createUser({ firstName: 'Launch helper', username: 'launch_helper_bot', bot: true });
  const aliceRecord = world.seed.createUser({ firstName: 'Alice' });
  const bobRecord = world.seed.createUser({ firstName: 'Bob', about: 'I would like to read the launch news' });

  const owner = await connect(server, 'Olivia', userSignIn(ownerRecord));
  accounts.push(owner);
  log(row('owner', `Olivia signed in with +${ownerRecord.phone} and code ${testCode(ownerRecord.phone!)}`));

  const created = await owner.api.channels.createChannel({ title: 'tgts launch', about: 'Release news', broadcast: true });
  const channel = channelIn(created);
  log(row('channel', `"${channel.title}" (id ${channel.id}) via channels.createChannel`));

  const bot = await connect(server, 'bot', (client) => client.auth.bot(botRecord.botToken!));
  accounts.push(bot);
  log(row('bot', `@${botRecord.username} signed in with its token`));

  // The owner finds the bot by username, then promotes it; the bot learns about the channel from
  // the update Telegram pushes to it.
  const botUser = await owner.client.peers.resolveUser(`@${botRecord.username!}`); // peer cache + contacts.resolveUsername
  const botChannelUpdate = nextUpdate(bot.client, (u, all) => (u._ === 'updateChannel' && u.channelId === channel.id ? channelIn(all, channel.id) : undefined));
  await owner.api.channels.editAdmin({
    channel: inputChannelOf(channel),
    userId: botUser,
    adminRights: { _: 'chatAdminRights', inviteUsers: true, postMessages: true },
    rank: 'helper',
  });
  const botChannel = await botChannelUpdate;
  log(row('admin', 'bot promoted via channels.editAdmin (invite users, post messages)'));

  const alice = await connect(server, 'Alice', userSignIn(aliceRecord));
  const bob = await connect(server, 'Bob', userSignIn(bobRecord));
  accounts.push(alice, bob);
  log(row('readers', 'Alice and Bob signed in (not members yet)'));
  return { owner, bot, alice, bob, channel, botChannel };
}

/** Step 2: the bot exports a link for beta testers. */
async function botExportsLink(cast: Cast, log: (line: string) => void): Promise<tl.ChatInviteExported> {
  log('2. The bot exports an invite link');
  const weekFromNow = Math.floor(Date.now() / 1000) + 7 * 86400;
  const invite = exported(
    await cast.bot.api.messages.exportChatInvite({ peer: peerOf(cast.botChannel), title: 'Beta testers', usageLimit: 100, expireDate: weekFromNow }),
  );
  log(row('link', invite.link));
  log(row('title', invite.title ?? ''));
  log(row('limit', usage(invite)));
  log(row('expires', `${utc(invite.expireDate ?? 0)} (in 7 days)`));
  return invite;
}

/** Step 3: Alice previews the link, joins, and the owner sees the usage count go up. */
async function aliceJoins(cast: Cast, link: string, log: (line: string) => void): Promise<{ usage: number; aliceChannel: Channel }> {
  log('3. Alice checks the link and joins');
  const hash = inviteHash(link);
  const preview = await cast.alice.api.messages.checkChatInvite({ hash });
  if (preview._ === 'chatInvite') {
    log(row('preview', `"${preview.title}" · ${preview.broadcast ? 'channel' : 'group'} · ${preview.participantsCount} members`));
  }
  const joined = await cast.alice.api.messages.importChatInvite({ hash });
  if (joined._ !== 'messages.chatInviteJoinResultOk') throw new Error(`unexpected ${joined._}`);
  const aliceChannel = channelIn(joined.updates, cast.channel.id);
  log(row('joined', 'Alice is a member (messages.importChatInvite)'));
  const seen = await cast.owner.api.messages.getExportedChatInvite({ peer: peerOf(cast.channel), link });
  const invite = exported(seen.invite);
  log(row('usage', `${usage(invite)} (messages.getExportedChatInvite)`));
  return { usage: invite.usage ?? 0, aliceChannel };
}

/** Step 4: an approval link turns Bob's join into a request that the owner approves. */
async function bobRequestsToJoin(cast: Cast, log: (line: string) => void): Promise<boolean> {
  log('4. Bob asks to join through an approval link');
  const invite = exported(await cast.bot.api.messages.exportChatInvite({ peer: peerOf(cast.botChannel), requestNeeded: true, title: 'Press' }));
  log(row('link', `${invite.link} (request_needed)`));
  const hash = inviteHash(invite.link);
  try {
    await cast.bob.api.messages.importChatInvite({ hash });
    throw new Error('Bob joined without approval');
  } catch (err) {
    if (!RpcError.is(err, 'INVITE_REQUEST_SENT')) throw err;
    log(row('Bob', `${err.code} ${err.type} (the request is pending)`));
  }
  const pending = await cast.owner.api.messages.getChatInviteImporters({
    requested: true,
    peer: peerOf(cast.channel),
    offsetDate: 0,
    offsetUser: { _: 'inputUserEmpty' },
    limit: 10,
  });
  const names = pending.users.map((u) => (u._ === 'user' ? u.firstName : String(u.id)));
  log(row('pending', `${pending.count} request: ${names.join(', ')} — "${pending.importers[0]?.about ?? ''}"`));
  const requester = pending.users.find((u) => u.id === pending.importers[0]?.userId);
  if (!requester) throw new Error('no pending requester');
  await cast.owner.api.messages.hideChatJoinRequest({ approved: true, peer: peerOf(cast.channel), userId: inputUserOf(requester) });
  log(row('approved', 'by Olivia (messages.hideChatJoinRequest)'));
  // Checking a link of a chat you are in answers `chatInviteAlready`.
  const after = await cast.bob.api.messages.checkChatInvite({ hash });
  const member = after._ === 'chatInviteAlready';
  log(row('Bob', member ? 'is a member now (checkChatInvite → chatInviteAlready)' : `not a member (${after._})`));
  return member;
}

/** Step 5: revoking a permanent link creates its replacement in the same call. */
async function ownerReplacesPermanentLink(cast: Cast, log: (line: string) => void): Promise<{ old: string; replacement: string }> {
  log('5. Olivia revokes the permanent link and gets a new one');
  const peer = peerOf(cast.channel);
  const mine = await cast.owner.api.messages.getExportedChatInvites({ peer, adminId: { _: 'inputUserSelf' }, limit: 1 });
  const permanent = exported(mine.invites[0]!);
  const result = await cast.owner.api.messages.editExportedChatInvite({ peer, link: permanent.link, revoked: true });
  if (result._ !== 'messages.exportedChatInviteReplaced') throw new Error(`expected a replacement, got ${result._}`);
  const old = exported(result.invite);
  const replacement = exported(result.newInvite);
  log(row('old', `${old.link} (${old.revoked ? 'revoked' : 'active'})`));
  log(row('new', `${replacement.link} (${replacement.permanent ? 'permanent' : 'temporary'})`));
  return { old: old.link, replacement: replacement.link };
}

/** Step 6: errors are typed — `RpcError.is(err, 'CHAT_ADMIN_REQUIRED')` narrows `err.type`. */
async function memberCannotExport(cast: Cast, aliceChannel: Channel, log: (line: string) => void): Promise<string> {
  log('6. Alice (a member, not an admin) tries to export a link');
  try {
    await cast.alice.api.messages.exportChatInvite({ peer: peerOf(aliceChannel) });
    throw new Error('Alice exported a link without admin rights');
  } catch (err) {
    if (!RpcError.is(err, 'CHAT_ADMIN_REQUIRED')) throw err;
    const text = `${err.code} ${err.type}`;
    log(row('error', `${text} (${err.method})`));
    return text;
  }
}

/** Step 7: the bot receives what is sent to it through `client.updates` (gap-free, in order, once). */
async function botReceivesMessages(cast: Cast, log: (line: string) => void): Promise<string[]> {
  log('7. The bot receives messages (client.updates)');
  const received: string[] = [];
  cast.bot.client.updates.on('newMessage', ({ message, channelId }) => {
    if (message._ !== 'message') return;
    received.push(message.message);
    log(row('update', `newMessage in ${channelId === undefined ? 'a private chat' : 'the channel'}: "${message.message}"`));
  });
  await cast.bot.client.updates.start();
  const found = await cast.owner.api.contacts.resolveUsername({ username: 'launch_helper_bot' });
  const botUser = found.users.find((u) => u._ === 'user');
  if (botUser?._ !== 'user') throw new Error('the bot did not resolve');
  const peer: tl.InputPeer = { _: 'inputPeerUser', userId: botUser.id, accessHash: botUser.accessHash ?? 0n };
  await cast.owner.api.messages.sendMessage({ peer, message: '/start', randomId: 7001n });
  await cast.owner.api.messages.sendMessage({ peer: peerOf(cast.channel), message: 'Launch day!', randomId: 7002n });
  await cast.bot.client.updates.sync(); // everything sent so far is delivered
  return received;
}

/** Runs the whole story; every client (and the server, when started here) is closed at the end. */
export async function main(options: ExampleOptions = {}): Promise<DemoResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  return withServer(options.server, async (server, world) => {
    log(`tgts demo · embedded TestServer on ${server.address.host}:${server.address.port} (DC ${server.dcId})`);
    log('');
    const accounts: Account[] = [];
    try {
      const cast = await createChannelWithBotAdmin(server, world, log, accounts);
      log('');
      const invite = await botExportsLink(cast, log);
      log('');
      const joined = await aliceJoins(cast, invite.link, log);
      log('');
      const bobIsMember = await bobRequestsToJoin(cast, log);
      log('');
      const replaced = await ownerReplacesPermanentLink(cast, log);
      log('');
      const forbiddenError = await memberCannotExport(cast, joined.aliceChannel, log);
      log('');
      const botReceived = await botReceivesMessages(cast, log);
      log('');
      const file = await sendAndReceiveFile(8, { ...cast.owner, peer: peerOf(cast.channel) }, { ...cast.alice, peer: peerOf(joined.aliceChannel) }, log);
      log('');
      const routerBot = await routerBotStep(server, world, log);
      log('');
      log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; closing the clients and the server`);
      return {
        link: invite.link,
        usageAfterJoin: joined.usage,
        bobIsMember,
        revokedLink: replaced.old,
        newPermanentLink: replaced.replacement,
        forbiddenError,
        botReceived,
        routerBot,
        file,
      };
    } finally {
      await Promise.all(accounts.map((a) => a.client.close()));
    }
  });
}

runIfMain(import.meta.url, () => main());
