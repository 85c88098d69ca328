/**
 * Which TL `long` fields are emitted as JS `number` instead of `bigint`.
 *
 * Why: user, chat and channel ids are declared `long` in the schema, but Telegram guarantees
 * they stay below 2^52 (see https://core.telegram.org/api/bots/ids), so a `number` holds them
 * exactly. Using `number` makes them usable as Map keys, in JSON, and in comparisons without
 * BigInt, and lets the decoder read them without allocating a BigInt. Encoding validates that
 * the value is a safe integer; decoding rejects values outside the safe range with a TlError.
 *
 * Everything else stays `bigint` — access_hash, random_id, hash, query_id, document/photo ids,
 * star amounts, message ids of the MTProto layer, etc.
 *
 * The rule applies to the `api` schema only (mt.tl and encrypted.tl hold no peer ids as long).
 * A field is a number id when its type is `long` or `Vector<long>` (optionally under a flag) and
 *  1. its name is in {@link NUMBER_ID_FIELD_NAMES} (in any constructor or method), or
 *  2. it is listed per combinator in {@link NUMBER_ID_FIELDS_BY_COMBINATOR},
 * and it is not listed in {@link NUMBER_ID_EXCEPTIONS}. The resolved list is asserted by
 * test/tl/number-ids.test.ts.
 */

/** Field names that hold a user, chat or channel id wherever they appear. */
export const NUMBER_ID_FIELD_NAMES: readonly string[] = [
  'user_id',
  'chat_id',
  'channel_id',
  'admin_id',
  'inviter_id',
  'bot_id',
  'via_bot_id',
  'via_business_bot_id',
  'business_bot_id',
  'guard_bot_id',
  'bot_manager_id',
  'kicked_by',
  'promoted_by',
  'approved_by',
  'requested_by',
  'actor_id',
  'participant_id',
  'new_creator_id',
  'contact_id',
  'user_id_hint',
  'author_id',
  'linked_chat_id',
  'migrated_from_chat_id',
  'linked_monoforum_id',
  'personal_channel_id',
  'admin_disallowed_chat_id',
  'broadcast_id',
  'community_id',
  'linked_community_id',
  'receiver_id',
  'owner_id',
  // Vector<long> of user / chat / channel ids
  'users',
  'chats',
  'channels',
  'winners',
  'recent_requesters',
  'recent_viewers',
  'top_bidders',
  'exclude_users',
  'other_uids',
  'except_ids',
  'creator_chat_ids',
  'joined_chat_ids',
];

/** Fields with a generic name (`id`, `from_id`, `to_id`, `ids`) that hold a peer id in these combinators only. */
export const NUMBER_ID_FIELDS_BY_COMBINATOR: Readonly<Record<string, readonly string[]>> = {
  userEmpty: ['id'],
  user: ['id'],
  userFull: ['id'],
  chatEmpty: ['id'],
  chat: ['id'],
  chatForbidden: ['id'],
  chatFull: ['id'],
  channel: ['id'],
  channelForbidden: ['id'],
  channelFull: ['id'],
  community: ['id'],
  communityForbidden: ['id'],
  communityFull: ['id'],
  // updateShortChatMessage from_id:long is the sender's user id
  updateShortChatMessage: ['from_id'],
  // payments.checkedGiftCode to_id:flags.0?long is the receiving user's id
  'payments.checkedGiftCode': ['to_id'],
  // id:Vector<long> lists user ids / chat ids here
  'contacts.editCloseFriends': ['id'],
  'messages.getChats': ['id'],
  // ids of the users to remove from a conference call
  'phone.deleteConferenceCallParticipants': ['ids'],
};

/** `combinator.field` pairs matched by a name rule above that are NOT peer ids. */
export const NUMBER_ID_EXCEPTIONS: readonly string[] = [];
