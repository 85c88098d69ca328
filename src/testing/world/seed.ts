/**
 * Populating the world: accounts, chats, memberships, admins, bans. Used by tests, by the chat-creating
 * handlers (through {@link newChatRecord}) and by `tgts serve --seed world.json` (see {@link Seeder.fromJson}).
 */
import type { InputChannel, InputPeer, InputUser } from '../../tl/index.js';
import { BadArgumentError } from '../../errors.js';
import { ensurePrimaryLink } from './links.js';
import { addParticipant, removeParticipant } from './membership.js';
import { randomLong, randomToken } from './random.js';
import { createPasswordVerifier } from './srp.js';
import { createMessage } from './messages/create.js';
import type { Target } from './messages/peers.js';
import { UpdateBatch } from './updates/batch.js';
import type { AdminRightName, ChatRecord, UserRecord } from './types.js';
import { ALL_ADMIN_RIGHTS } from './views/chat.js';
import type { World } from './world.js';

/** Options of {@link Seeder.createUser}. */
export interface CreateUserOptions {
  firstName: string;
  lastName?: string;
  /** Digits only; defaults to a free test number `99966XYYYY` of the account's DC. */
  phone?: string;
  username?: string;
  about?: string;
  bot?: boolean;
  premium?: boolean;
  /** Cloud password (2FA); only its SRP verifier is kept. */
  password?: string;
  /** Home DC; defaults to X of a `99966XYYYY` phone, else the world's default DC. */
  dc?: number;
}

/** Options of {@link Seeder.createChannel}. */
export interface CreateChannelOptions {
  creator: number | UserRecord;
  title: string;
  /** Broadcast channel (default) or supergroup (`megagroup: true`). */
  broadcast?: boolean;
  megagroup?: boolean;
  username?: string;
  about?: string;
  monoforum?: boolean;
  /** Public chats only: joining needs approval. */
  joinRequest?: boolean;
  /** Initial members (besides the creator). */
  members?: Array<number | UserRecord>;
}

/** Options of {@link Seeder.createChat}. */
export interface CreateChatOptions {
  creator: number | UserRecord;
  title: string;
  members?: Array<number | UserRecord>;
}

/**
 * The JSON seed format of `tgts serve --seed world.json`. Users are keyed by a local name that chats refer to;
 * ids, access hashes, phones (test numbers `99966XYYYY`, X = DC) and bot tokens are issued by the world.
 *
 * ```json
 * {
 *   "users": {
 *     "alice": { "firstName": "Alice", "username": "alice", "password": "secret" },
 *     "bob": { "firstName": "Bob", "phone": "9996621234" },
 *     "helper": { "firstName": "Helper", "bot": true }
 *   },
 *   "chats": {
 *     "team": { "type": "supergroup", "title": "Team", "creator": "alice", "members": ["bob"],
 *               "admins": { "helper": ["inviteUsers"] } },
 *     "news": { "type": "channel", "title": "News", "creator": "alice", "username": "news" },
 *     "old": { "type": "chat", "title": "Old group", "creator": "bob", "banned": [] }
 *   }
 * }
 * ```
 */
export interface WorldSeedJson {
  /** Accounts by a local key (referenced from `chats`). */
  users?: Record<string, CreateUserOptions>;
  chats?: Record<
    string,
    {
      /** `chat` = basic group, `supergroup`, `channel` = broadcast channel. */
      type: 'chat' | 'supergroup' | 'channel';
      title: string;
      /** Key of the creator in `users`. */
      creator: string;
      username?: string;
      about?: string;
      monoforum?: boolean;
      joinRequest?: boolean;
      members?: string[];
      /** user key → admin rights (`chatAdminRights` flag names in camelCase, or `"all"`). */
      admins?: Record<string, AdminRightName[] | 'all'>;
      /** user keys banned from the chat. */
      banned?: string[];
    }
  >;
}

/** The ids the JSON seed created, by local key. */
export interface SeedResult {
  users: Record<string, UserRecord>;
  chats: Record<string, ChatRecord>;
}

/** `inputPeerUser` / `inputPeerChat` / `inputPeerChannel` of a record. */
export function inputPeer(rec: UserRecord | ChatRecord): InputPeer {
  if ('firstName' in rec) return { _: 'inputPeerUser', userId: rec.id, accessHash: rec.accessHash };
  return rec.kind === 'chat'
    ? { _: 'inputPeerChat', chatId: rec.id }
    : { _: 'inputPeerChannel', channelId: rec.id, accessHash: rec.accessHash };
}

/** `inputUser` of an account. */
export function inputUser(user: UserRecord): InputUser {
  return { _: 'inputUser', userId: user.id, accessHash: user.accessHash };
}

/** `inputChannel` of a channel. */
export function inputChannel(chat: ChatRecord): InputChannel {
  return { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash };
}

/** A fresh chat record (no members yet). */
export function newChatRecord(
  world: World,
  kind: 'chat' | 'channel',
  fields: { title: string; creatorId: number; date: number; broadcast?: boolean; megagroup?: boolean; about?: string },
): ChatRecord {
  const id = kind === 'chat' ? world.nextChatId++ : world.nextChannelId++;
  const chat: ChatRecord = {
    kind,
    id,
    accessHash: kind === 'channel' ? randomLong() : 0n,
    title: fields.title,
    about: fields.about ?? '',
    date: fields.date,
    creatorId: fields.creatorId,
    broadcast: kind === 'channel' && (fields.broadcast ?? !fields.megagroup),
    megagroup: kind === 'channel' && (fields.megagroup ?? false),
    monoforum: false,
    joinRequest: false,
    deleted: false,
    verified: false,
    scam: false,
    fake: false,
    color: id % 7,
    version: 0,
    participants: new Map(),
    left: new Set(),
    admins: new Map(),
    everAdmins: new Set([fields.creatorId]),
    banned: new Map(),
    links: new Map(),
    importers: [],
    requests: new Map(),
    subscriptions: new Map(),
  };
  world.chats.set(id, chat);
  return chat;
}

const TEST_PHONE = /^99966(\d)\d{4}$/;

/** Seeding helpers bound to one world (`world.seed`). Every method notifies `onChange` listeners. */
export class Seeder {
  constructor(private readonly world: World) {}

  private userOf(u: number | UserRecord): UserRecord {
    const id = typeof u === 'number' ? u : u.id;
    const user = this.world.users.get(id);
    if (!user) throw new BadArgumentError('user', `unknown user ${id}`);
    return user;
  }

  private freePhone(dc: number): string {
    for (let i = 0; i < 10000; i++) {
      const phone = `99966${dc % 10}${String((this.world.nextUserId + i) % 10000).padStart(4, '0')}`;
      if (!this.world.userByPhone(phone)) return phone;
    }
    throw new BadArgumentError('phone', `no free test number left on DC ${dc}`);
  }

  /** Creates an account; bots get a token `<id>:<secret>` in `botToken`. */
  createUser(opts: CreateUserOptions): UserRecord {
    const w = this.world;
    if (!opts.firstName) throw new BadArgumentError('firstName', 'must not be empty');
    if (opts.phone !== undefined && !/^\d{5,15}$/.test(opts.phone)) throw new BadArgumentError('phone', 'digits only, 5..15');
    if (opts.phone !== undefined && w.userByPhone(opts.phone)) throw new BadArgumentError('phone', `${opts.phone} is taken`);
    if (opts.username !== undefined) {
      if (!/^[a-zA-Z][\w]{3,31}$/.test(opts.username)) throw new BadArgumentError('username', 'invalid username');
      if (w.byUsername(opts.username)) throw new BadArgumentError('username', `${opts.username} is taken`);
    }
    const fromPhone = opts.phone ? TEST_PHONE.exec(opts.phone) : null;
    const dc = opts.dc ?? (fromPhone ? Number(fromPhone[1]) : w.defaultDc);
    const id = w.nextUserId++;
    const user: UserRecord = {
      id,
      accessHash: randomLong(),
      firstName: opts.firstName,
      bot: opts.bot ?? false,
      premium: opts.premium ?? false,
      deleted: false,
      homeDc: dc,
    };
    if (opts.lastName) user.lastName = opts.lastName;
    if (opts.username) user.username = opts.username;
    if (opts.about) user.about = opts.about;
    if (!user.bot) user.phone = opts.phone ?? this.freePhone(dc);
    if (user.bot) user.botToken = `${id}:AA${randomToken(33)}`;
    if (opts.password !== undefined && !user.bot) user.password = createPasswordVerifier(opts.password);
    w.users.set(id, user);
    w.changed();
    return user;
  }

  /** Creates a supergroup or broadcast channel with the creator's permanent link. */
  createChannel(opts: CreateChannelOptions): ChatRecord {
    const w = this.world;
    const creator = this.userOf(opts.creator);
    if (opts.username !== undefined && w.byUsername(opts.username)) {
      throw new BadArgumentError('username', `${opts.username} is taken`);
    }
    const now = w.now();
    const chat = newChatRecord(w, 'channel', {
      title: opts.title,
      creatorId: creator.id,
      date: now,
      megagroup: opts.megagroup ?? false,
      broadcast: opts.broadcast ?? !opts.megagroup,
      ...(opts.about !== undefined ? { about: opts.about } : {}),
    });
    if (opts.username) chat.username = opts.username;
    chat.monoforum = opts.monoforum ?? false;
    chat.joinRequest = opts.joinRequest ?? false;
    addParticipant(w, undefined, chat, creator.id, { inviterId: creator.id, source: 'creator', date: now });
    ensurePrimaryLink(w, chat, creator.id, now);
    for (const m of opts.members ?? []) this.addMember(chat, m, creator.id);
    w.changed();
    return chat;
  }

  /** Creates a basic group with the creator's permanent link. */
  createChat(opts: CreateChatOptions): ChatRecord {
    const w = this.world;
    const creator = this.userOf(opts.creator);
    const now = w.now();
    const chat = newChatRecord(w, 'chat', { title: opts.title, creatorId: creator.id, date: now });
    addParticipant(w, undefined, chat, creator.id, { inviterId: creator.id, source: 'creator', date: now });
    ensurePrimaryLink(w, chat, creator.id, now);
    for (const m of opts.members ?? []) this.addMember(chat, m, creator.id);
    w.changed();
    return chat;
  }

  /** Adds a member (inviter defaults to the creator). */
  addMember(chat: ChatRecord, user: number | UserRecord, inviter?: number | UserRecord): void {
    const u = this.userOf(user);
    const inviterId = inviter === undefined ? chat.creatorId : this.userOf(inviter).id;
    addParticipant(this.world, undefined, chat, u.id, { inviterId, source: 'invited', date: this.world.now() });
    this.world.changed();
  }

  /** Makes a member an admin (`'all'` = every right); adds them first if needed. */
  makeAdmin(chat: ChatRecord, user: number | UserRecord, rights: AdminRightName[] | 'all' = 'all'): void {
    const u = this.userOf(user);
    if (!chat.participants.has(u.id)) this.addMember(chat, u);
    if (chat.creatorId === u.id) return;
    chat.admins.set(u.id, {
      userId: u.id,
      rights: rights === 'all' ? [...ALL_ADMIN_RIGHTS] : [...rights],
      promotedBy: chat.creatorId,
      date: this.world.now(),
    });
    chat.everAdmins.add(u.id);
    this.world.changed();
  }

  /** Bans a user (kicked by default: removed and barred from rejoining). */
  ban(chat: ChatRecord, user: number | UserRecord, opts: { kicked?: boolean; untilDate?: number } = {}): void {
    const u = this.userOf(user);
    const kicked = opts.kicked ?? true;
    const now = this.world.now();
    chat.banned.set(u.id, { userId: u.id, kickedBy: chat.creatorId, date: now, kicked, untilDate: opts.untilDate ?? 0 });
    if (kicked) removeParticipant(this.world, undefined, chat, u.id, chat.creatorId, now);
    this.world.changed();
  }

  /**
   * Simulates a paid subscription through a paid link (payments are out of scope): the user joins through
   * the link with a paid period ending at `until` (default: now + the link's period).
   */
  subscribe(chat: ChatRecord, user: number | UserRecord, hash: string, until?: number): void {
    const u = this.userOf(user);
    const link = chat.links.get(hash);
    if (!link?.subscriptionPricing) throw new BadArgumentError('hash', 'not a paid link of this chat');
    const end = until ?? this.world.now() + link.subscriptionPricing.period;
    chat.subscriptions.set(u.id, end);
    const member = chat.participants.get(u.id);
    if (member?.subscriptionUntil !== undefined) member.subscriptionUntil = end; // a renewal moves the member's end too
    if (!member) {
      addParticipant(this.world, undefined, chat, u.id, {
        inviterId: link.adminId,
        source: 'link',
        date: this.world.now(),
        viaLink: hash,
        subscriptionUntil: end,
      });
      link.usage++;
      chat.importers.push({ userId: u.id, date: this.world.now(), hash });
    }
    this.world.changed();
  }

  /**
   * Posts a text message from `from` to a user (private chat), a basic group or a channel, with every copy,
   * event and push a real send makes (no checks: seeding may post where a client could not). Returns the
   * sender's message id (in a channel: the channel's).
   */
  message(from: number | UserRecord, to: UserRecord | ChatRecord, text: string): number {
    const sender = this.userOf(from);
    const target: Target =
      'firstName' in to ? { kind: 'user', user: to, self: to.id === sender.id } : to.kind === 'chat' ? { kind: 'chat', chat: to } : { kind: 'channel', chat: to };
    const batch = new UpdateBatch(this.world);
    const { own } = createMessage(this.world, batch, { text, senderId: sender.id, target, date: this.world.now() });
    batch.deliver(undefined, undefined);
    this.world.changed();
    return own?.id ?? 0;
  }

  /** Deletes an account (it stays as a `deleted` user). */
  deleteUser(user: number | UserRecord): void {
    const u = this.userOf(user);
    u.deleted = true;
    delete u.phone;
    delete u.username;
    delete u.password;
    delete u.botToken;
    this.world.changed();
  }

  /**
   * Bans an account: its keys get `401 USER_DEACTIVATED_BAN` from now on, and signing in to it
   * fails with `PHONE_NUMBER_BANNED`. `unban: true` lifts the ban.
   */
  banUser(user: number | UserRecord, options: { unban?: boolean } = {}): void {
    const u = this.userOf(user);
    if (options.unban) this.world.lifecycle.bans.delete(String(u.id));
    else this.world.lifecycle.bans.set(String(u.id), { date: this.world.now() });
  }

  /** Migrates a basic group to a new supergroup (members, admins and creator move; the group is deactivated). */
  migrateChat(chat: ChatRecord): ChatRecord {
    const w = this.world;
    if (chat.kind !== 'chat' || chat.migratedTo !== undefined) throw new BadArgumentError('chat', 'not an active basic group');
    const now = w.now();
    const channel = newChatRecord(w, 'channel', { title: chat.title, creatorId: chat.creatorId, date: now, megagroup: true });
    channel.migratedFrom = chat.id;
    for (const p of chat.participants.values()) channel.participants.set(p.userId, { ...p });
    for (const a of chat.admins.values()) channel.admins.set(a.userId, { ...a, rights: [...ALL_ADMIN_RIGHTS].filter((r) => r !== 'postMessages' && r !== 'editMessages') });
    for (const id of chat.everAdmins) channel.everAdmins.add(id);
    ensurePrimaryLink(w, channel, chat.creatorId, now);
    chat.migratedTo = channel.id;
    w.changed();
    return channel;
  }

  /** Populates the world from the JSON seed format ({@link WorldSeedJson}). */
  fromJson(json: WorldSeedJson): SeedResult {
    const result: SeedResult = { users: {}, chats: {} };
    for (const [key, opts] of Object.entries(json.users ?? {})) {
      try {
        result.users[key] = this.createUser(opts);
      } catch (err) {
        throw new BadArgumentError(`users.${key}`, err instanceof Error ? err.message : String(err));
      }
    }
    const userKey = (field: string, key: string): UserRecord => {
      const u = result.users[key];
      if (!u) throw new BadArgumentError(field, `unknown user key "${key}"`);
      return u;
    };
    for (const [key, spec] of Object.entries(json.chats ?? {})) {
      const field = `chats.${key}`;
      const creator = userKey(`${field}.creator`, spec.creator);
      const chat =
        spec.type === 'chat'
          ? this.createChat({ creator, title: spec.title })
          : spec.type === 'supergroup' || spec.type === 'channel'
            ? this.createChannel({
                creator,
                title: spec.title,
                megagroup: spec.type === 'supergroup',
                ...(spec.username !== undefined ? { username: spec.username } : {}),
                ...(spec.about !== undefined ? { about: spec.about } : {}),
                ...(spec.monoforum !== undefined ? { monoforum: spec.monoforum } : {}),
                ...(spec.joinRequest !== undefined ? { joinRequest: spec.joinRequest } : {}),
              })
            : (() => {
                throw new BadArgumentError(`${field}.type`, 'must be "chat", "supergroup" or "channel"');
              })();
      for (const m of spec.members ?? []) this.addMember(chat, userKey(`${field}.members`, m));
      for (const [m, rights] of Object.entries(spec.admins ?? {})) this.makeAdmin(chat, userKey(`${field}.admins`, m), rights);
      for (const m of spec.banned ?? []) this.ban(chat, userKey(`${field}.banned`, m));
      result.chats[key] = chat;
    }
    return result;
  }
}
