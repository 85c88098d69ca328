/**
 * The limits of bot keyboards (spec `messages.md` §9.5 and the Bot API), in one place. Telegram answers
 * `REPLY_MARKUP_TOO_LONG` past the size limits and `BUTTON_*_INVALID` for bad buttons; the builders refuse
 * the same input earlier, with the field that is wrong.
 * @module
 */

/** Numeric limits of keyboards and buttons. */
export const KEYBOARD_LIMITS = {
  /** Buttons in one row of an inline keyboard ([D] community-measured, tginfo/Telegram-Limits#228). */
  inlineRowMax: 8,
  /** Buttons in a whole inline keyboard. */
  inlineTotalMax: 100,
  /** Buttons in one row of a reply keyboard. */
  replyRowMax: 12,
  /** Buttons in a whole reply keyboard. */
  replyTotalMax: 300,
  /** Bytes of callback data (Bot API: 1–64 bytes). */
  callbackDataMax: 64,
  /** Characters of an input field placeholder (Bot API: 1–64). */
  placeholderMax: 64,
  /** Characters a copy-text button copies (Bot API: 1–256). */
  copyTextMax: 256,
} as const;

/** Schemes a URL button may open (Bot API: "HTTP or tg:// URL"). */
export const URL_BUTTON_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'tg', 'ton']);
