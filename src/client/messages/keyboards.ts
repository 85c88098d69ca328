/**
 * Keyboards of bot messages (`reply_markup`): inline keyboards under a message, reply keyboards in place
 * of the user's keyboard, removing it, forcing a reply. Each builder returns the TL `ReplyMarkup` and
 * checks it against {@link KEYBOARD_LIMITS} first.
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import type {
  InputKeyboardButtonRequestPeer,
  InputKeyboardButtonUrlAuth,
  InputKeyboardButtonUserProfile,
  KeyboardButton,
  KeyboardButtonBuy,
  KeyboardButtonCallback,
  KeyboardButtonCopy,
  KeyboardButtonGame,
  KeyboardButtonRequestGeoLocation,
  KeyboardButtonRequestPhone,
  KeyboardButtonRequestPoll,
  KeyboardButtonSimpleWebView,
  KeyboardButtonSwitchInline,
  KeyboardButtonUrl,
  KeyboardButtonUrlAuth,
  KeyboardButtonWebView,
  RawKeyboardButton,
  ReplyInlineMarkup,
  ReplyKeyboardForceReply,
  ReplyKeyboardHide,
  ReplyKeyboardMarkup,
  ReplyMarkup,
} from '../../tl/index.js';
import { KEYBOARD_LIMITS } from './keyboard-rules.js';

/** Buttons an inline keyboard may hold. */
export type InlineButton =
  | KeyboardButtonUrl
  | KeyboardButtonCallback
  | KeyboardButtonSwitchInline
  | KeyboardButtonGame
  | KeyboardButtonBuy
  | InputKeyboardButtonUrlAuth
  | KeyboardButtonUrlAuth
  | KeyboardButtonWebView
  | KeyboardButtonSimpleWebView
  | InputKeyboardButtonUserProfile
  | KeyboardButtonCopy;

/** Buttons a reply keyboard may hold; a string is a text button. */
export type ReplyButton =
  | string
  | RawKeyboardButton
  | KeyboardButtonRequestPhone
  | KeyboardButtonRequestGeoLocation
  | KeyboardButtonRequestPoll
  | InputKeyboardButtonRequestPeer
  | KeyboardButtonSimpleWebView
  | KeyboardButtonWebView;

const INLINE_KINDS: ReadonlySet<string> = new Set([
  'keyboardButtonUrl',
  'keyboardButtonCallback',
  'keyboardButtonSwitchInline',
  'keyboardButtonGame',
  'keyboardButtonBuy',
  'inputKeyboardButtonUrlAuth',
  'keyboardButtonUrlAuth',
  'keyboardButtonWebView',
  'inputKeyboardButtonUserProfile',
  'keyboardButtonUserProfile',
  'keyboardButtonCopy',
]);

const REPLY_KINDS: ReadonlySet<string> = new Set([
  'keyboardButton',
  'keyboardButtonRequestPhone',
  'keyboardButtonRequestGeoLocation',
  'keyboardButtonRequestPoll',
  'inputKeyboardButtonRequestPeer',
  'keyboardButtonRequestPeer',
  'keyboardButtonSimpleWebView',
]);

/** Options of {@link replyKeyboard}. */
export interface ReplyKeyboardOptions {
  /** Fit the keyboard's height to its buttons (`resize`). */
  resize?: boolean;
  /** Hide the keyboard once a button is pressed (`single_use`). */
  oneTime?: boolean;
  /** Show it only to users mentioned in the message or to the author of the replied message. */
  selective?: boolean;
  /** Keep it shown when the user hides their keyboard. */
  persistent?: boolean;
  /** Text in the input field while the keyboard is shown (1–64 characters). */
  placeholder?: string;
}

function checkPlaceholder(placeholder: string | undefined): void {
  if (placeholder !== undefined && (placeholder.length === 0 || placeholder.length > KEYBOARD_LIMITS.placeholderMax)) {
    throw new BadArgumentError('placeholder', `must be 1–${KEYBOARD_LIMITS.placeholderMax} characters, got ${placeholder.length}`);
  }
}

/**
 * Checks the rows of a keyboard: not empty, no empty row, at most `rowMax` buttons per row and `totalMax`
 * in all, only buttons of this kind of keyboard, game and pay buttons first in the first row.
 * @internal
 */
function checkRows(rows: readonly (readonly KeyboardButton[])[], inline: boolean): void {
  const rowMax = inline ? KEYBOARD_LIMITS.inlineRowMax : KEYBOARD_LIMITS.replyRowMax;
  const totalMax = inline ? KEYBOARD_LIMITS.inlineTotalMax : KEYBOARD_LIMITS.replyTotalMax;
  const kinds = inline ? INLINE_KINDS : REPLY_KINDS;
  const what = inline ? 'an inline keyboard' : 'a reply keyboard';
  if (rows.length === 0) throw new BadArgumentError('rows', `${what} needs at least one button`);
  let total = 0;
  rows.forEach((row, r) => {
    if (row.length === 0) throw new BadArgumentError(`rows[${r}]`, 'a row needs at least one button');
    if (row.length > rowMax) throw new BadArgumentError(`rows[${r}]`, `${what} holds at most ${rowMax} buttons per row, got ${row.length}`);
    total += row.length;
    row.forEach((b, c) => {
      const field = `rows[${r}][${c}]`;
      if (!kinds.has(b._)) throw new BadArgumentError(field, `${b._} cannot be in ${what}`);
      if (typeof b.text !== 'string' || b.text.length === 0) throw new BadArgumentError(`${field}.text`, 'a button needs a non-empty text');
      if ((b._ === 'keyboardButtonGame' || b._ === 'keyboardButtonBuy') && (r !== 0 || c !== 0)) {
        throw new BadArgumentError(field, `${b._} must be the first button of the first row`);
      }
      if (b._ === 'keyboardButtonCallback' && (b.data.length === 0 || b.data.length > KEYBOARD_LIMITS.callbackDataMax)) {
        throw new BadArgumentError(`${field}.data`, `callback data must be 1–${KEYBOARD_LIMITS.callbackDataMax} bytes, got ${b.data.length}`);
      }
    });
  });
  if (total > totalMax) throw new BadArgumentError('rows', `${what} holds at most ${totalMax} buttons, got ${total}`);
}

/**
 * An inline keyboard (under the message): rows of inline buttons made with `button.*`. A web-app button
 * is sent as `keyboardButtonWebView`.
 *
 * @throws BadArgumentError for an empty keyboard or row, more than 8 buttons in a row or 100 in all, a
 * reply-only button, or a game/pay button that is not first.
 */
export function inlineKeyboard(rows: readonly (readonly InlineButton[])[]): ReplyInlineMarkup {
  const out = rows.map((row) => row.map((b): KeyboardButton => (b._ === 'keyboardButtonSimpleWebView' ? { ...b, _: 'keyboardButtonWebView' } : b)));
  checkRows(out, true);
  return { _: 'replyInlineMarkup', rows: out.map((buttons) => ({ _: 'keyboardButtonRow', buttons })) };
}

/**
 * A reply keyboard (in place of the user's keyboard): rows of strings (text buttons) or `button.text`,
 * `requestContact`, `requestLocation`, `requestPoll`, `requestPeer`, `webApp` (sent as a simple web view).
 *
 * @throws BadArgumentError for an empty keyboard or row, more than 12 buttons in a row or 300 in all, an
 * inline-only button, or a placeholder that is empty or longer than 64 characters.
 */
export function replyKeyboard(rows: readonly (readonly ReplyButton[])[], options: ReplyKeyboardOptions = {}): ReplyKeyboardMarkup {
  const out = rows.map((row) =>
    row.map((b): KeyboardButton => {
      if (typeof b === 'string') return { _: 'keyboardButton', text: b };
      return b._ === 'keyboardButtonWebView' ? { ...b, _: 'keyboardButtonSimpleWebView' } : b;
    }),
  );
  checkRows(out, false);
  checkPlaceholder(options.placeholder);
  const markup: ReplyKeyboardMarkup = { _: 'replyKeyboardMarkup', rows: out.map((buttons) => ({ _: 'keyboardButtonRow', buttons })) };
  if (options.resize) markup.resize = true;
  if (options.oneTime) markup.singleUse = true;
  if (options.selective) markup.selective = true;
  if (options.persistent) markup.persistent = true;
  if (options.placeholder !== undefined) markup.placeholder = options.placeholder;
  return markup;
}

/** Removes the reply keyboard (for everyone, or with `selective` for the mentioned users only). */
export function removeKeyboard(options: { selective?: boolean } = {}): ReplyKeyboardHide {
  return options.selective ? { _: 'replyKeyboardHide', selective: true } : { _: 'replyKeyboardHide' };
}

/** Opens the reply interface for the user, as if they had chosen "Reply" on the message. */
export function forceReply(options: { selective?: boolean; placeholder?: string; singleUse?: boolean } = {}): ReplyKeyboardForceReply {
  checkPlaceholder(options.placeholder);
  const markup: ReplyKeyboardForceReply = { _: 'replyKeyboardForceReply' };
  if (options.singleUse) markup.singleUse = true;
  if (options.selective) markup.selective = true;
  if (options.placeholder !== undefined) markup.placeholder = options.placeholder;
  return markup;
}

/**
 * Lays `buttons` out in rows of `perRow` (the last row may be shorter).
 *
 * @example
 * ```ts
 * inlineKeyboard(buttonRows(days.map((d) => button.callback(d, `day:${d}`)), 4))
 * ```
 */
export function buttonRows<T>(buttons: readonly T[], perRow: number): T[][] {
  if (!Number.isInteger(perRow) || perRow < 1) throw new BadArgumentError('perRow', 'must be a positive integer');
  const rows: T[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}

/**
 * Checks any `ReplyMarkup` (built here or by hand) against the rules the builders apply.
 *
 * @throws BadArgumentError naming the row/button/field at fault.
 */
export function checkReplyMarkup(markup: ReplyMarkup): void {
  switch (markup._) {
    case 'replyInlineMarkup':
      return checkRows(markup.rows.map((r) => r.buttons), true);
    case 'replyKeyboardMarkup':
      checkRows(markup.rows.map((r) => r.buttons), false);
      return checkPlaceholder(markup.placeholder);
    case 'replyKeyboardForceReply':
      return checkPlaceholder(markup.placeholder);
    case 'replyKeyboardHide':
      return;
  }
}
