/**
 * Every inferred ([I]) choice of `spec/invite-links.md` and the test-server switches of its §15, in one place.
 * The documented rules live in the handlers; what is here is our guess of Telegram's behaviour and can be
 * changed (or overridden per world with `createWorld({ switches })`) when real captures say otherwise.
 */

/** Numeric limits and toggles of the simulated server (spec §15). */
export interface InviteSwitches {
  /** Subscription period accepted everywhere (30 days). */
  subscriptionPeriod: number;
  /** Extra periods accepted on the test DCs (`testMode`). */
  testSubscriptionPeriods: readonly number[];
  /** `stars_subscription_amount_max` of the app config. */
  starsSubscriptionAmountMax: number;
  /** Largest `usage_limit`. */
  usageLimitMax: number;
  /** Members of a basic group. */
  basicGroupMaxMembers: number;
  /** Members of a supergroup or channel (join through a link). */
  channelMaxMembers: number;
  /** `channels_limit_default`: supergroups/channels one account may be in. */
  channelsLimitDefault: number;
  /** `channels_limit_premium`. */
  channelsLimitPremium: number;
  /** Longest kept link title; longer titles are cut. */
  titleMaxLength: number;
  /** Longest accepted invite hash (`INVITE_HASH_INVALID` above it). */
  hashMaxLength: number;
  /** Length of generated hashes. */
  hashLength: number;
  /** Answer `checkChatInvite` for channels with `chatInvitePeek` instead of `chatInvite`. */
  peekMode: boolean;
  /** Seconds of the peek window. */
  peekSeconds: number;
  /** How many members `chatInvite.participants` lists (groups only). */
  previewParticipants: number;
  /** How many requesters `recent_requesters` lists. */
  recentRequesters: number;
  /** Page size limits of the list methods. */
  pageLimitMax: number;
  /** Seconds a login code stays valid. */
  codeLifetime: number;
  /** Seconds a QR login token stays valid. */
  loginTokenLifetime: number;
  /** Admin-log events kept per channel (the oldest are dropped past it). */
  adminLogMax: number;
}

/** Defaults of {@link InviteSwitches}. */
export const DEFAULT_SWITCHES: InviteSwitches = {
  subscriptionPeriod: 2592000,
  testSubscriptionPeriods: [60, 300],
  starsSubscriptionAmountMax: 10000,
  usageLimitMax: 99999,
  basicGroupMaxMembers: 200,
  channelMaxMembers: 200000,
  channelsLimitDefault: 500,
  channelsLimitPremium: 1000,
  titleMaxLength: 32,
  hashMaxLength: 64,
  hashLength: 16,
  peekMode: false,
  peekSeconds: 300,
  previewParticipants: 5,
  recentRequesters: 3,
  pageLimitMax: 100,
  codeLifetime: 300,
  loginTokenLifetime: 30,
  adminLogMax: 1000,
};

/**
 * Inferred error mappings: situation → `[code, error_message]`.
 * One table so a capture from the real server can override an entry.
 */
export const INFERRED_ERRORS = {
  /** P1/P3: empty, self or user peer where a group is needed. */
  peerNotGroup: [400, 'PEER_ID_INVALID'],
  /** P2: `…FromMessage` peer whose message is missing. */
  fromMessageMissing: [400, 'MSG_ID_INVALID'],
  /** P3: peer of a deleted account. */
  peerUserDeleted: [400, 'INPUT_USER_DEACTIVATED'],
  /** P4: unknown or migrated basic group. */
  chatUnknown: [400, 'CHAT_ID_INVALID'],
  /** P5: unknown channel or wrong access hash. */
  channelUnknown: [400, 'CHANNEL_INVALID'],
  /** P6: monoforum. */
  monoforum: [400, 'CHANNEL_MONOFORUM_UNSUPPORTED'],
  /** P7: not in the channel. */
  channelNotMember: [400, 'CHANNEL_PRIVATE'],
  /** P7: not in the basic group. */
  chatNotMember: [403, 'CHAT_WRITE_FORBIDDEN'],
  /** P8 and other admins' links. */
  adminRequired: [400, 'CHAT_ADMIN_REQUIRED'],
  /** Unknown link in management methods; revoked link on edit. */
  linkUnknown: [400, 'INVITE_HASH_EXPIRED'],
  /** Export with a past expiry, or expiry with legacy_revoke_permanent. */
  expireInvalid: [400, 'EXPIRE_DATE_INVALID'],
  /** Bad usage limit, or limit with approval / legacy flag. */
  usageLimitInvalid: [400, 'USAGE_LIMIT_INVALID'],
  /** Bad subscription period. */
  periodInvalid: [400, 'SUBSCRIPTION_PERIOD_INVALID'],
  /** Paid link on a wrong chat, bad amount, or with approval / legacy flag. */
  pricingInvalid: [400, 'PRICING_CHAT_INVALID'],
  /** Editing expiry/limit/title/approval of a permanent link. */
  permanentEdit: [400, 'CHAT_INVITE_PERMANENT'],
  /** A user editing a bot's link. */
  editBotInvite: [403, 'EDIT_BOT_INVITE_FORBIDDEN'],
  /** Deleting a link that is not revoked. */
  notRevoked: [400, 'INVITE_REVOKED_MISSING'],
  /** admin_id empty, unknown, or never an admin. */
  adminIdInvalid: [400, 'ADMIN_ID_INVALID'],
  /** Importers search combined with a link. */
  searchWithLink: [400, 'SEARCH_WITH_LINK_NOT_SUPPORTED'],
  /** Empty hash. */
  hashEmpty: [400, 'INVITE_HASH_EMPTY'],
  /** Malformed hash. */
  hashInvalid: [400, 'INVITE_HASH_INVALID'],
  /** Unknown, revoked or expired hash in check/import. */
  hashExpired: [406, 'INVITE_HASH_EXPIRED'],
  /** checkChatInvite by a banned user. */
  checkBanned: [406, 'CHANNEL_PRIVATE'],
  /** importChatInvite by a banned user. */
  importBanned: [400, 'CHANNEL_PRIVATE'],
  /** Link of a deleted channel. */
  importDeletedChannel: [400, 'CHANNEL_INVALID'],
  /** Link of a migrated basic group. */
  importMigratedChat: [400, 'CHAT_INVALID'],
  /** Already a member. */
  alreadyParticipant: [400, 'USER_ALREADY_PARTICIPANT'],
  /** Paid link, no active subscription. */
  paymentRequired: [400, 'STARS_PAYMENT_REQUIRED'],
  /** Join request stored. */
  requestSent: [400, 'INVITE_REQUEST_SENT'],
  /** Caller in too many channels. */
  channelsTooMuch: [400, 'CHANNELS_TOO_MUCH'],
  /** Requester in too many channels (approval). */
  userChannelsTooMuch: [403, 'USER_CHANNELS_TOO_MUCH'],
  /** Chat full. */
  usersTooMuch: [400, 'USERS_TOO_MUCH'],
  /** No pending request to hide. */
  hideMissing: [400, 'HIDE_REQUESTER_MISSING'],
  /** Bad user_id. */
  userIdInvalid: [400, 'USER_ID_INVALID'],
  /** User-only method called by a bot. */
  botMethodInvalid: [400, 'BOT_METHOD_INVALID'],
  /** channels.getAdminLog by a non-admin (code as listed on the method's core.telegram.org page). */
  adminLogAdminRequired: [403, 'CHAT_ADMIN_REQUIRED'],
  /** channels.getAdminLog on a private channel the caller is not in (code as listed on the method's page). */
  adminLogNotMember: [406, 'CHANNEL_PRIVATE'],
} as const satisfies Record<string, readonly [number, string]>;

/** Key of {@link INFERRED_ERRORS}. */
export type InviteErrorKey = keyof typeof INFERRED_ERRORS;

/** Inferred behaviour choices that are not errors (spec [I] rules), as switches of the world. */
export const INFERRED_BEHAVIOUR = {
  /** §3: permanent link first, then by date descending, ties by link descending. */
  permanentFirst: true,
  /** §2.5: titles longer than the limit are cut, not refused. */
  cutLongTitles: true,
  /** §1.1: decrement `usage` when a member who joined through the link leaves. */
  freeSlotOnLeave: true,
  /** §8: caller first, then by invites_count descending. */
  callerFirstInAdminCounts: true,
  /** §9: `q` without `requested` is ignored. */
  ignoreQueryWithoutRequested: true,
  /** §10.6: `chatInvite.participants` only for groups. */
  previewParticipantsGroupsOnly: true,
  /** §11.10: no join service message in broadcast channels. */
  noJoinMessageInBroadcast: true,
  /** §12: pending requests survive switching approval off. */
  keepRequestsWhenApprovalOff: true,
} as const;
