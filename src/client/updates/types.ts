/**
 * Public types of the updates engine: options, what handlers receive, gap reports and the state snapshot.
 *
 * @module
 */
import type { Chat, Dialog, Message, Update, User } from '../../tl/index.js';
import type { BoxKey } from './classify.js';

export type { BoxKey };

/** Options of the updates engine (`new Client({ updates: … })` or {@link createUpdatesEngine}). */
export interface UpdatesOptions {
  /**
   * On start, fetch what happened since the stored state (`updates.getDifference` from it, then each
   * channel named by the difference); default `true`. With `false` the engine starts at the server's
   * current state and forgets stored channel positions.
   */
  catchUp?: boolean;
  /** How long an out-of-order update waits for the missing ones before a difference is asked, ms; default 500. */
  holdMs?: number;
  /** Channel differences running at the same time; default 4. */
  channelConcurrency?: number;
  /** `limit` of `updates.getChannelDifference`; default 100 for users, 100 000 for bots (Telegram's caps). */
  channelDifferenceLimit?: number;
  /** Held updates per box before the engine drops them and relies on the difference; default 1000. */
  maxPending?: number;
  /** Positions are written to storage this long after they change (coalesced), ms; default 50. */
  persistDelayMs?: number;
  /**
   * After `updates.channelDifferenceTooLong`, fetch up to this many of the channel's newest messages after
   * the last one delivered (`messages.getHistory`) and deliver them as `newMessage` (source `'history'`);
   * default 1000, 0 turns it off. Starts after the last message delivered, kept with the channel's pts in the
   * storage (so it also covers a stretch missed while the program was down); without one it only reports the gap.
   */
  recoverHistory?: number;
  /** Without any update for this long, ask `updates.getDifference` (Telegram's advice: 15 min), ms; 0 turns it off. */
  idleDifferenceMs?: number;
}

/** Where an update came from. */
export type UpdateSource = 'push' | 'difference' | 'result' | 'history';

/** Context handed to every handler with the update. */
export interface UpdateContext {
  /** The box it belongs to, or `undefined` for updates outside every box. */
  box: BoxKey | undefined;
  /** Box state after the update, when the update carries it. */
  pts: number | undefined;
  source: UpdateSource;
  /** Users and chats delivered with the update (its container or difference). */
  users: readonly User[];
  chats: readonly Chat[];
}

/** A raw update with its context (what `for await (const u of client.updates)` yields). */
export interface ReceivedUpdate {
  update: Update;
  context: UpdateContext;
}

/** A new or edited message (`updateNewMessage`, `updateNewChannelMessage`, and the edit forms). */
export interface MessageEvent {
  message: Exclude<Message, { _: 'messageEmpty' }>;
  /** The channel of a channel message. */
  channelId: number | undefined;
  update: Update;
  context: UpdateContext;
}

/** Deleted messages (`updateDeleteMessages`, `updateDeleteChannelMessages`). */
export interface DeleteMessagesEvent {
  messageIds: readonly number[];
  /** The channel, for channel messages; `undefined` for the common box (ids are unique per account there). */
  channelId: number | undefined;
  update: Update;
  context: UpdateContext;
}

/**
 * A stretch of a box the engine could not deliver update by update: Telegram answered a difference with
 * `updates.differenceTooLong` (common box) or `updates.channelDifferenceTooLong` (a channel). The box now
 * continues from `toPts`; reload what you keep of that box (https://core.telegram.org/api/updates).
 * For a channel the engine first recovers the stretch's new messages from the history (see
 * {@link UpdatesOptions.recoverHistory}) and delivers them before this event; edits, deletions and other
 * updates of the stretch are not recoverable.
 */
export interface GapEvent {
  box: BoxKey;
  fromPts: number | undefined;
  toPts: number;
  /** For a channel: the dialog Telegram sent (read positions, top message). */
  dialog: Dialog | undefined;
  /** For a channel: its latest messages as Telegram sent them (not the skipped ones). */
  messages: readonly Message[];
  /** New messages of the stretch recovered from the history and already delivered as `newMessage`. */
  recoveredMessages: number;
  /** Every new message of the stretch was recovered (false: none could be, or the cap was reached). */
  historyComplete: boolean;
}

/** Positions the engine is at (what is saved to the storage's `updates` repository). */
export interface UpdatesStateSnapshot {
  pts: number;
  qts: number;
  date: number;
  seq: number;
  /** Channel positions by channel id. */
  channels: ReadonlyMap<number, number>;
}

/** Event names and their payloads for `client.updates.on(name, handler)`. */
export interface UpdatesEventMap {
  /** Every update, raw. */
  update: [update: Update, context: UpdateContext];
  newMessage: [event: MessageEvent];
  editMessage: [event: MessageEvent];
  deleteMessages: [event: DeleteMessagesEvent];
  /** A box jumped (see {@link GapEvent}). */
  gap: [event: GapEvent];
  /** A handler threw or a difference failed; delivery goes on. */
  error: [error: unknown];
}

/** `on(name)` also takes any update constructor name: the handler gets that update, typed. */
export type UpdateName = Update['_'];
export type UpdateOf<N extends UpdateName> = Extract<Update, { _: N }>;

/** Handler return value: a promise is awaited before the next update is delivered (ordered delivery). */
export type HandlerResult = void | Promise<void>;
