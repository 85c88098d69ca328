/**
 * Plain records of the simulated Telegram. Everything the world knows is one of these, kept in Maps
 * inside {@link World}; views (`views/*.ts`) turn them into TL objects for a given viewer.
 */

/** SRP verifier of an account's cloud password (the password itself is never stored). */
export interface PasswordRecord {
  salt1: Uint8Array;
  salt2: Uint8Array;
  g: number;
  p: Uint8Array;
  /** `g^x mod p`, 256 bytes. */
  verifier: Uint8Array;
  hint?: string;
}

/** An account: user, bot or deleted user. */
export interface UserRecord {
  id: number;
  accessHash: bigint;
  firstName: string;
  lastName?: string;
  username?: string;
  phone?: string;
  about?: string;
  bot: boolean;
  /** Bot API style token `<id>:<secret>` (bots only). */
  botToken?: string;
  premium: boolean;
  deleted: boolean;
  password?: PasswordRecord;
  /** DC where the account signed up; requests on other DCs get `USER_MIGRATE_X`. */
  homeDc: number;
}

/** How somebody became a member. */
export type JoinSource = 'creator' | 'invited' | 'link' | 'request' | 'self';

/** A current member. */
export interface ParticipantRecord {
  userId: number;
  inviterId: number;
  date: number;
  source: JoinSource;
  /** Link hash used to join (link or request). */
  viaLink?: string;
  /** Set for paid subscriptions: end of the paid period. */
  subscriptionUntil?: number;
}

/** Admin rights, as the set flag names of `chatAdminRights` (`invite_users` → `inviteUsers`). */
export type AdminRightName =
  | 'changeInfo'
  | 'postMessages'
  | 'editMessages'
  | 'deleteMessages'
  | 'banUsers'
  | 'inviteUsers'
  | 'pinMessages'
  | 'addAdmins'
  | 'anonymous'
  | 'manageCall'
  | 'other'
  | 'manageTopics'
  | 'postStories'
  | 'editStories'
  | 'deleteStories';

/** An admin (not the creator). */
export interface AdminRecord {
  userId: number;
  rights: AdminRightName[];
  promotedBy: number;
  date: number;
  rank?: string;
}

/** A ban (kicked or restricted user). */
export interface BanRecord {
  userId: number;
  kickedBy: number;
  date: number;
  /** `view_messages` banned: the user cannot see or join the chat. */
  kicked: boolean;
  untilDate: number;
}

/** One invite link (spec §1.1). */
export interface LinkRecord {
  hash: string;
  adminId: number;
  date: number;
  startDate?: number;
  expireDate?: number;
  usageLimit?: number;
  /** Members who joined through the link and are still members. */
  usage: number;
  /** Pending join requests made through the link. */
  requested: number;
  title?: string;
  requestNeeded: boolean;
  permanent: boolean;
  revoked: boolean;
  subscriptionPricing?: { period: number; amount: bigint };
  subscriptionExpired: number;
  /** Made by a bot (users may not edit it). */
  byBot: boolean;
}

/** A user who joined through a link (importer history, spec §9). */
export interface ImporterRecord {
  userId: number;
  date: number;
  hash: string;
  approvedBy?: number;
  viaChatlist?: boolean;
}

/** A pending join request. `hash` is absent when it came through the chat's join-request toggle. */
export interface JoinRequestRecord {
  userId: number;
  date: number;
  about: string;
  hash?: string;
}

/** Basic group, supergroup, broadcast channel or monoforum. */
export interface ChatRecord {
  kind: 'chat' | 'channel';
  id: number;
  /** Channels only (0 for basic groups). */
  accessHash: bigint;
  title: string;
  about: string;
  date: number;
  creatorId: number;
  broadcast: boolean;
  megagroup: boolean;
  monoforum: boolean;
  username?: string;
  /** Join-request toggle of public chats (`join_request`). */
  joinRequest: boolean;
  /** Basic group migrated to a supergroup. */
  migratedTo?: number;
  /** Supergroup made from a basic group. */
  migratedFrom?: number;
  /** Channel deleted. */
  deleted: boolean;
  verified: boolean;
  scam: boolean;
  fake: boolean;
  color: number;
  /** Participants list version of basic groups. */
  version: number;
  participants: Map<number, ParticipantRecord>;
  /** Users who left (or were kicked), for `CHANNEL_PRIVATE` vs never-joined distinctions. */
  left: Set<number>;
  admins: Map<number, AdminRecord>;
  /** Everyone who was ever an admin (or creator) — `ADMIN_ID_INVALID` otherwise. */
  everAdmins: Set<number>;
  banned: Map<number, BanRecord>;
  links: Map<string, LinkRecord>;
  importers: ImporterRecord[];
  requests: Map<number, JoinRequestRecord>;
  /** Paid subscriptions: user → end of the paid period (kept after leaving, for rejoining). */
  subscriptions: Map<number, number>;
  /**
   * Admin log of supergroups and channels, oldest first, bounded (see `admin-log.ts`). Absent in basic groups
   * and in snapshots written before the log existed.
   */
  adminLog?: AdminLogEventRecord[];
}

/** What an admin-log event records (a copy of the link as it was at the time of the event). */
export type AdminLogAction =
  /** `channelAdminLogEventActionExportedInviteRevoke`. */
  | { kind: 'inviteRevoke'; invite: LinkRecord }
  /** `channelAdminLogEventActionExportedInviteEdit`. */
  | { kind: 'inviteEdit'; prev: LinkRecord; next: LinkRecord }
  /** `channelAdminLogEventActionExportedInviteDelete`. */
  | { kind: 'inviteDelete'; invite: LinkRecord }
  /** `channelAdminLogEventActionParticipantJoinByInvite`. */
  | { kind: 'joinByInvite'; invite: LinkRecord; viaChatlist?: boolean }
  /** `channelAdminLogEventActionParticipantJoinByRequest`; no `invite` = the chat's public join-request toggle. */
  | { kind: 'joinByRequest'; invite?: LinkRecord; approvedBy: number };

/** One admin-log event of a channel. */
export interface AdminLogEventRecord {
  /** Increasing per channel, starting at 1. */
  id: bigint;
  date: number;
  /** Who acted: the admin for link events, the joining user for joins. */
  userId: number;
  action: AdminLogAction;
}

/** A phone-code sign-in in progress. */
export interface PendingCode {
  phone: string;
  hash: string;
  code: string;
  expires: number;
  /** The code was accepted but the number has no account yet. */
  verified: boolean;
}

/** A QR login token. */
export interface LoginTokenRecord {
  token: Uint8Array;
  authKeyId: bigint;
  dcId: number;
  expires: number;
  acceptedBy?: number;
}

/** An `auth.exportAuthorization` token. */
export interface ExportedAuthRecord {
  userId: number;
  dcId: number;
  bytes: Uint8Array;
  expires: number;
  /** The key that exported it (the imported authorization ends with that one's). */
  fromKey?: bigint;
}
