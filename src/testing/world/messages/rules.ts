/**
 * Every inferred ([I]) choice of `spec/messages.md` and `spec/updates.md` (messages, update sequences,
 * differences, bots) in one place, with the numeric switches of the simulated server. The documented rules
 * live in the code that applies them; what is here is our guess of Telegram's behaviour and can be changed
 * (or overridden per world with `createWorld({ messages })`) when real captures say otherwise.
 */

/** Limits and toggles of messaging and updates. */
export interface MessageSwitches {
  /** `message_length_max` (code points). */
  messageLengthMax: number;
  /** `caption_length_max` (code points). */
  captionLengthMax: number;
  /** Count text length in UTF-16 units instead of code points (spec §1.3.7 keeps a switch). */
  lengthInUtf16: boolean;
  /** Formatting entities kept per message; the rest are dropped silently. */
  entitiesMax: number;
  /** `edit_time_limit`, seconds. */
  editTimeLimit: number;
  /** Bots delete messages younger than this, seconds. */
  botDeleteLimit: number;
  /** `forwarded_count_max`. */
  forwardedCountMax: number;
  /** Largest page of history, search and dialogs. */
  pageLimitMax: number;
  /** Page size when `limit` is 0. */
  pageLimitDefault: number;
  /** Longest `setBotCallbackAnswer.message`. */
  callbackAnswerMax: number;
  /** Longest callback data, bytes. */
  callbackDataMax: number;
  /** How long a user's `getBotCallbackAnswer` waits for the bot, ms (spec §9.4: 15 s). */
  botResponseTimeoutMs: number;
  /** Callback queries waiting for an answer at once; past it new ones fail at once with BOT_RESPONSE_TIMEOUT. */
  pendingCallbacksMax: number;
  /** Events of the common box (pts units) one `getDifference` answer holds before it becomes a slice. */
  differenceSliceEvents: number;
  /** qts events per `getDifference` answer before it becomes a slice. */
  differenceSliceQts: number;
  /** `updateChannelTooLong` entries one `getDifference` answer lists at most (the most recently active). */
  differenceChannelsMax: number;
  /** `pts_total_limit` when the client gives none. */
  differenceTotalLimitDefault: number;
  /** pts units kept per common box; an older `pts` gets `differenceTooLong`. */
  commonRetention: number;
  /** qts events kept per account. */
  qtsRetention: number;
  /** Containers of box-less updates kept per account for `getDifference`. */
  seqRetention: number;
  /** pts units kept per channel box; an older `pts` gets `channelDifferenceTooLong`. */
  channelRetention: number;
  /** Events of one `getChannelDifference` answer before it is not final. */
  channelDifferenceSliceEvents: number;
  /** Largest `limit` of `getChannelDifference` for users (bots: {@link channelDifferenceLimitBots}). */
  channelDifferenceLimitUsers: number;
  channelDifferenceLimitBots: number;
  /** `timeout` of final channel differences, seconds (spec §5.6: default 30). */
  channelDifferenceTimeout: number;
  /** Messages of `channelDifferenceTooLong.messages`. */
  channelTooLongMessages: number;
  /** Merged pushes over this many bytes become `updatesTooLong` (spec §3.9: 200 KB). */
  combinedMaxBytes: number;
  /** Inline keyboard: buttons per row and in total. */
  inlineRowMax: number;
  inlineButtonsMax: number;
  /** Reply keyboard: buttons per row and in total. */
  replyRowMax: number;
  replyButtonsMax: number;
  /** Bot commands per scope and language. */
  botCommandsMax: number;
  /** Members from which a supergroup or channel is "big": its pushes name strangers as `min` peers. */
  minPeersMembersMin: number;
}

/** Defaults of {@link MessageSwitches}. */
export const DEFAULT_MESSAGE_SWITCHES: MessageSwitches = {
  messageLengthMax: 4096,
  captionLengthMax: 1024,
  lengthInUtf16: false,
  entitiesMax: 100,
  editTimeLimit: 172800,
  botDeleteLimit: 172800,
  forwardedCountMax: 100,
  pageLimitMax: 100,
  pageLimitDefault: 20,
  callbackAnswerMax: 200,
  callbackDataMax: 64,
  botResponseTimeoutMs: 15_000,
  pendingCallbacksMax: 10_000,
  differenceSliceEvents: 1000,
  differenceSliceQts: 1000,
  differenceChannelsMax: 1000,
  differenceTotalLimitDefault: 1_000_000,
  commonRetention: 100_000,
  qtsRetention: 10_000,
  seqRetention: 10_000,
  channelRetention: 100_000,
  channelDifferenceSliceEvents: 100,
  channelDifferenceLimitUsers: 100,
  channelDifferenceLimitBots: 100_000,
  channelDifferenceTimeout: 30,
  channelTooLongMessages: 20,
  combinedMaxBytes: 200 * 1024,
  inlineRowMax: 8,
  inlineButtonsMax: 100,
  replyRowMax: 12,
  replyButtonsMax: 300,
  botCommandsMax: 100,
  minPeersMembersMin: 200,
};

/**
 * Inferred behaviour, one entry per [I] rule the code applies. Each names the spec paragraph; the code that
 * applies a rule refers to its key, so a capture from the real server changes one line here and one there.
 */
export const MESSAGE_RULES = {
  /** updates §3: containers holding a pts or qts update carry `seq = 0`. */
  seqZeroWithBoxUpdates: true,
  /**
   * updates §3, §4.4: a container holding only box-less updates that change state (updateChannel, pending
   * join requests, callback queries, read-outbox marks of channels) takes the account's next `seq`; it is kept
   * (bounded by `seqRetention`) and `getDifference` returns its updates in `other_updates` when its date is
   * ≥ the request's `date` (an update of the same second may come twice; these updates are idempotent).
   * Box-less updates riding in a container with pts updates (updateChannel beside a join message) take no seq
   * but are kept and returned the same way.
   */
  seqForBoxlessContainers: true,
  /** Typing updates go out as `updateShort` (no seq, never in a difference). */
  typingAsUpdateShort: true,
  /** updates §3: the caller gets the effect only as the method result, never pushed again. */
  callerResultNotPushed: true,
  /** updates §3.1: `updateShortSentMessage.entities` only when the server changed the sent entities. */
  shortSentEntitiesOnlyWhenChanged: true,
  /** updates §3.2: short forms only for text messages without media, markup or grouping; service messages never. */
  shortFormsPlainOnly: true,
  /** updates §3.3: basic groups use the caller's own pts and ids per member; short form `updateShortChatMessage`. */
  basicGroupPerMemberBoxes: true,
  /**
   * updates §3.4: in supergroups the sender gets `updateReadChannelInbox{max_id = its message}` in the same
   * container, before the message (result and its other sessions); broadcast channels do not.
   */
  readInboxBeforeOwnSupergroupMessage: true,
  /** updates §3.4: channel pushes carry the channel itself in full (no updateChannelTooLong skipping). */
  channelPushesCarryChannel: true,
  /**
   * messages §8.3: pushes of new and edited messages of a supergroup or channel with at least
   * `minPeersMembersMin` members carry the users those messages name (author, forward source, mention by
   * id) as `min` copies to each member (not a bot) who has not met them — met = itself or a private dialog
   * with them — and a forward-source channel the member is not in as a `min` channel. A min copy's access
   * hash differs from the full one, so only `…FromMessage` addresses it. Method results and differences
   * carry full copies (views/min.ts).
   */
  minPeersInBigChannelPushes: true,
  /** updates §3.6: deleting with no message found answers `affectedMessages{pts, pts_count: 0}` and changes nothing. */
  deleteNothingKeepsPts: true,
  /** messages §6: readHistory moves the mark only forward; pts_count 1 when it moved, else 0 with no event. */
  readMovesForwardOnly: true,
  /** messages §2.9: a random_id reused by the same sender for the same peer returns the original message (pts_count 0). */
  randomIdReplay: true,
  /** messages §2.9: a random_id reused for another peer or method → 500 RANDOM_ID_DUPLICATE. */
  randomIdOtherPeerDuplicate: true,
  /** messages §1.3.6: the server detects bot_command, mention, hashtag, cashtag, url and email entities. */
  detectEntities: true,
  /**
   * updates §5.2: `getDifference.new_messages` holds the current state of messages created in the range and
   * still present; edits, deletes and read marks of the range are all in `other_updates`, even for messages
   * created in the range (a client may have had the new message pushed and missed only the edit).
   */
  differenceKeepsEveryEvent: true,
  /**
   * updates §5.3: per channel of the account with events at or after the request's `date`, the common
   * difference carries `updateChannelTooLong{channel_id, pts}` (never the channel's updates inline).
   */
  differenceChannelTooLong: true,
  /**
   * updates §5.3: past `differenceChannelsMax` channels with news, the difference names the most recently
   * active ones only (Telegram's own membership limit is 500/1000, so real accounts never reach it).
   */
  differenceChannelsCapped: true,
  /** updates §5.2: a difference over `differenceSliceEvents` pts units (or `pts_limit`) is a slice cut at event edges. */
  differenceSliceAtEventEdges: true,
  /** updates §5.2: `intermediate_state.date` is the request's date, so seq containers come with the last slice. */
  sliceKeepsRequestDate: true,
  /** updates §5.4: `force` drops edit events of messages that are in `new_messages` of the same answer. */
  channelForceFoldsEdits: true,
  /** updates §5.5: channel difference not final past `channelDifferenceSliceEvents` events; TooLong past `limit`. */
  channelTooLongPastLimit: true,
  /** updates §8: pts 0 → PERSISTENT_TIMESTAMP_EMPTY; pts above the box → PERSISTENT_TIMESTAMP_INVALID; date 0 → DATE_EMPTY. */
  persistentTimestampErrors: true,
  /** updates §1.4: new boxes start at pts 1, qts 1, seq 0 (first events pts 2, qts 2, seq 1). */
  initialCounters: true,
  /** updates §3.9: merged pushes become `updatesCombined{seq_start, seq}` of their seq containers. */
  combineMergesSeq: true,
  /** messages §7.4: dialogs ordered by top-message date, then by peer (users < chats < channels, id) descending. */
  dialogOrder: true,
  /** messages §7.4: an `offset_peer` that has no dialog → 400 OFFSET_PEER_ID_INVALID. */
  offsetPeerMustBeDialog: true,
  /** messages §6: channels.readHistory with max_id above the last message → 400 MSG_ID_INVALID. */
  channelReadAboveTop: true,
  /** messages §9.1: the privacy mode a bot had when it joined a chat stays in force there. */
  privacyAtJoin: true,
  /** messages §9.1: "last bot to post" = latest bot that posted in the chat; none → every privacy-mode bot. */
  lastBotPoster: true,
  /** messages §9.4: chat_instance = a stable hash of (bot, chat). */
  chatInstance: true,
  /** messages §9.6: typing is not sent to bots, nor in broadcast channels, nor to the typist's own sessions. */
  typingRecipients: true,
  /** messages §3: editing `media` needs the files area's `world.media.resolveInput`; without it → 400 MEDIA_INVALID. */
  editMediaNeedsFilesArea: true,
  /** messages §4: bots always delete for everyone (as the Bot API does). */
  botDeleteRevokes: true,
  /** messages §2.1: a public channel or supergroup the caller has not joined → 403 CHAT_WRITE_FORBIDDEN on write. */
  publicNotJoinedWriteForbidden: true,
  /** messages §2.8: scheduled messages are not simulated; a future schedule_date → 400 SCHEDULE_DATE_INVALID. */
  scheduleNotSimulated: true,
  /** messages §2.6: a reply into another chat (`reply_to_peer_id` ≠ peer) → 400 REPLY_TO_INVALID. */
  noCrossChatReplies: true,
  /** messages §4: without admin rights, `revoke` on other people's basic-group messages deletes the caller's copy only. */
  revokeOthersLocally: true,
  /** messages §6: pin rights — private: both sides; basic group: any member; supergroup: pin_messages; channel: edit_messages. */
  pinRights: true,
} as const;

/** Inferred error mappings: situation → `[code, error_message]` (documented codes from each method's error table). */
export const MESSAGE_ERRORS = {
  peerInvalid: [400, 'PEER_ID_INVALID'],
  userDeactivated: [400, 'INPUT_USER_DEACTIVATED'],
  chatInvalid: [400, 'CHAT_ID_INVALID'],
  writeForbidden: [403, 'CHAT_WRITE_FORBIDDEN'],
  channelInvalid: [400, 'CHANNEL_INVALID'],
  channelPrivate: [406, 'CHANNEL_PRIVATE'],
  fromMessageBot: [400, 'FROM_MESSAGE_BOT_DISABLED'],
  msgIdInvalid: [400, 'MSG_ID_INVALID'],
  messageIdInvalid: [400, 'MESSAGE_ID_INVALID'],
  messageIdsEmpty: [400, 'MESSAGE_IDS_EMPTY'],
  botMethod: [400, 'BOT_METHOD_INVALID'],
  userBotRequired: [400, 'USER_BOT_REQUIRED'],
  userIsBot: [400, 'USER_IS_BOT'],
  adminRequired: [403, 'CHAT_ADMIN_REQUIRED'],
  adminRequired400: [400, 'CHAT_ADMIN_REQUIRED'],
  messageEmpty: [400, 'MESSAGE_EMPTY'],
  messageTooLong: [400, 'MESSAGE_TOO_LONG'],
  entityBounds: [400, 'ENTITY_BOUNDS_INVALID'],
  mentionUserInvalid: [400, 'ENTITY_MENTION_USER_INVALID'],
  replyMessageInvalid: [400, 'REPLY_MESSAGE_ID_INVALID'],
  quoteInvalid: [400, 'QUOTE_TEXT_INVALID'],
  replyToInvalid: [400, 'REPLY_TO_INVALID'],
  randomIdDuplicate: [500, 'RANDOM_ID_DUPLICATE'],
  randomIdInvalid: [400, 'RANDOM_ID_INVALID'],
  scheduleBot: [400, 'SCHEDULE_BOT_NOT_ALLOWED'],
  scheduleTooLate: [400, 'SCHEDULE_DATE_TOO_LATE'],
  /** Scheduled messages are not simulated: a future `schedule_date` is refused. */
  scheduleUnsupported: [400, 'SCHEDULE_DATE_INVALID'],
  notModified: [400, 'MESSAGE_NOT_MODIFIED'],
  authorRequired: [403, 'MESSAGE_AUTHOR_REQUIRED'],
  editExpired: [400, 'MESSAGE_EDIT_TIME_EXPIRED'],
  deleteForbidden: [403, 'MESSAGE_DELETE_FORBIDDEN'],
  mediaInvalid: [400, 'MEDIA_INVALID'],
  onesideBot: [400, 'BOT_ONESIDE_NOT_AVAIL'],
  folderInvalid: [400, 'FOLDER_ID_INVALID'],
  offsetPeerInvalid: [400, 'OFFSET_PEER_ID_INVALID'],
  inputPeersEmpty: [400, 'INPUT_PEERS_EMPTY'],
  searchQueryEmpty: [400, 'SEARCH_QUERY_EMPTY'],
  fromPeerInvalid: [400, 'FROM_PEER_INVALID'],
  timestampEmpty: [400, 'PERSISTENT_TIMESTAMP_EMPTY'],
  timestampInvalid: [400, 'PERSISTENT_TIMESTAMP_INVALID'],
  dateEmpty: [400, 'DATE_EMPTY'],
  rangesInvalid: [400, 'RANGES_INVALID'],
  dataInvalid: [400, 'DATA_INVALID'],
  botResponseTimeout: [400, 'BOT_RESPONSE_TIMEOUT'],
  queryIdInvalid: [400, 'QUERY_ID_INVALID'],
  urlInvalid: [400, 'URL_INVALID'],
  commandInvalid: [400, 'BOT_COMMAND_INVALID'],
  commandDescriptionInvalid: [400, 'BOT_COMMAND_DESCRIPTION_INVALID'],
  langCodeInvalid: [400, 'LANG_CODE_INVALID'],
  userIdInvalid: [400, 'USER_ID_INVALID'],
  replyMarkupTooLong: [400, 'REPLY_MARKUP_TOO_LONG'],
  buttonTypeInvalid: [400, 'BUTTON_TYPE_INVALID'],
  buttonDataInvalid: [400, 'BUTTON_DATA_INVALID'],
  replyMarkupInvalid: [400, 'REPLY_MARKUP_INVALID'],
  forwardsEmpty: [400, 'MESSAGE_IDS_EMPTY'],
  userBannedInChannel: [400, 'USER_BANNED_IN_CHANNEL'],
} as const satisfies Record<string, readonly [number, string]>;

/** A key of {@link MESSAGE_ERRORS}. */
export type MessageErrorKey = keyof typeof MESSAGE_ERRORS;
