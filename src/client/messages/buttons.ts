/**
 * Builders of single keyboard buttons: plain TL objects, checked as they are made.
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import type {
  InlineQueryPeerType,
  InputKeyboardButtonRequestPeer,
  InputKeyboardButtonUrlAuth,
  InputKeyboardButtonUserProfile,
  InputUser,
  KeyboardButtonBuy,
  KeyboardButtonCallback,
  KeyboardButtonCopy,
  KeyboardButtonGame,
  KeyboardButtonRequestGeoLocation,
  KeyboardButtonRequestPhone,
  KeyboardButtonRequestPoll,
  KeyboardButtonStyle,
  KeyboardButtonSwitchInline,
  KeyboardButtonUrl,
  KeyboardButtonWebView,
  RawKeyboardButton,
  RequestPeerType,
} from '../../tl/index.js';
import { KEYBOARD_LIMITS, URL_BUTTON_SCHEMES } from './keyboard-rules.js';

/** Options every button takes. */
export interface ButtonOptions {
  /** Colour and icon (`keyboardButtonStyle`). */
  style?: KeyboardButtonStyle;
}

/** Chats `switchInline` may offer to pick from (Bot API `SwitchInlineQueryChosenChat`). */
export type ChosenChatType = 'users' | 'bots' | 'groups' | 'channels';

const PEER_TYPES: Record<ChosenChatType, InlineQueryPeerType[]> = {
  users: [{ _: 'inlineQueryPeerTypePM' }],
  bots: [{ _: 'inlineQueryPeerTypeBotPM' }],
  groups: [{ _: 'inlineQueryPeerTypeChat' }, { _: 'inlineQueryPeerTypeMegagroup' }],
  channels: [{ _: 'inlineQueryPeerTypeBroadcast' }],
};

const utf8 = new TextEncoder();

function checkText(text: string, field = 'text'): void {
  if (typeof text !== 'string' || text.length === 0) throw new BadArgumentError(field, 'a button needs a non-empty text');
}

function checkUrl(url: string, field: string, httpsOnly: boolean): void {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/?\/?\S/.exec(url)?.[1]?.toLowerCase();
  if (httpsOnly ? scheme !== 'https' : scheme === undefined || !URL_BUTTON_SCHEMES.has(scheme)) {
    throw new BadArgumentError(field, httpsOnly ? `needs an https:// URL, got ${JSON.stringify(url)}` : `needs an http(s):// or tg:// URL, got ${JSON.stringify(url)}`);
  }
}

function styled<T extends object>(button: T, options: ButtonOptions | undefined): T {
  return options?.style ? { ...button, style: options.style } : button;
}

/** A plain text button of a reply keyboard: pressing it sends its text. */
function text(label: string, options?: ButtonOptions): RawKeyboardButton {
  checkText(label);
  return styled({ _: 'keyboardButton', text: label }, options);
}

/** A reply-keyboard button that asks the user to share their phone number. */
function requestContact(label: string, options?: ButtonOptions): KeyboardButtonRequestPhone {
  checkText(label);
  return styled({ _: 'keyboardButtonRequestPhone', text: label }, options);
}

/** A reply-keyboard button that asks the user to share their location. */
function requestLocation(label: string, options?: ButtonOptions): KeyboardButtonRequestGeoLocation {
  checkText(label);
  return styled({ _: 'keyboardButtonRequestGeoLocation', text: label }, options);
}

/** A reply-keyboard button that asks the user to create a poll (`quiz`: only quizzes, or only polls when false). */
function requestPoll(label: string, options?: ButtonOptions & { quiz?: boolean }): KeyboardButtonRequestPoll {
  checkText(label);
  const b: KeyboardButtonRequestPoll = { _: 'keyboardButtonRequestPoll', text: label };
  if (options?.quiz !== undefined) b.quiz = options.quiz;
  return styled(b, options);
}

/** A reply-keyboard button (private chats only) that asks the user to pick peers of `peerType`. */
function requestPeer(
  label: string,
  buttonId: number,
  peerType: RequestPeerType,
  options?: ButtonOptions & { maxQuantity?: number; nameRequested?: boolean; usernameRequested?: boolean; photoRequested?: boolean },
): InputKeyboardButtonRequestPeer {
  checkText(label);
  if (!Number.isInteger(buttonId) || buttonId < -0x80000000 || buttonId > 0x7fffffff) throw new BadArgumentError('buttonId', 'must be a 32-bit integer');
  const maxQuantity = options?.maxQuantity ?? 1;
  if (!Number.isInteger(maxQuantity) || maxQuantity < 1 || maxQuantity > 10) throw new BadArgumentError('maxQuantity', 'must be 1…10');
  const b: InputKeyboardButtonRequestPeer = { _: 'inputKeyboardButtonRequestPeer', text: label, buttonId, peerType, maxQuantity };
  if (options?.nameRequested) b.nameRequested = true;
  if (options?.usernameRequested) b.usernameRequested = true;
  if (options?.photoRequested) b.photoRequested = true;
  return styled(b, options);
}

/**
 * An inline button that sends `data` back to the bot (`updateBotCallbackQuery`). A string is sent as
 * UTF-8; 1–64 bytes.
 */
function callback(label: string, data: string | Uint8Array, options?: ButtonOptions & { requiresPassword?: boolean }): KeyboardButtonCallback {
  checkText(label);
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  if (bytes.length === 0 || bytes.length > KEYBOARD_LIMITS.callbackDataMax) {
    throw new BadArgumentError('data', `callback data must be 1–${KEYBOARD_LIMITS.callbackDataMax} bytes, got ${bytes.length}`);
  }
  const b: KeyboardButtonCallback = { _: 'keyboardButtonCallback', text: label, data: bytes };
  if (options?.requiresPassword) b.requiresPassword = true;
  return styled(b, options);
}

/** An inline button that opens `url` (http(s):// or tg://; `tg://user?id=` opens a profile). */
function url(label: string, link: string, options?: ButtonOptions): KeyboardButtonUrl {
  checkText(label);
  checkUrl(link, 'url', false);
  return styled({ _: 'keyboardButtonUrl', text: label, url: link }, options);
}

/**
 * An inline button that starts an inline query of this bot with `query`: in the current chat
 * (`currentChat`), in a chat the user picks among `chatTypes`, or (neither) in any chat the user picks.
 */
function switchInline(label: string, query = '', options?: ButtonOptions & { currentChat?: boolean; chatTypes?: readonly ChosenChatType[] }): KeyboardButtonSwitchInline {
  checkText(label);
  const b: KeyboardButtonSwitchInline = { _: 'keyboardButtonSwitchInline', text: label, query };
  if (options?.currentChat) {
    if (options.chatTypes) throw new BadArgumentError('chatTypes', 'a switch-inline button works either in the current chat or in chosen chats');
    b.samePeer = true;
  } else if (options?.chatTypes) {
    if (options.chatTypes.length === 0) throw new BadArgumentError('chatTypes', 'name at least one chat type');
    b.peerTypes = options.chatTypes.flatMap((t) => {
      const types = PEER_TYPES[t];
      if (!types) throw new BadArgumentError('chatTypes', `unknown chat type ${JSON.stringify(t)}`);
      return types;
    });
  }
  return styled(b, options);
}

/**
 * An inline button that logs the user in to a website (Telegram Login): `url` gets the user's data.
 * `bot` defaults to the bot itself (`inputUserSelf`).
 */
function login(label: string, link: string, options?: ButtonOptions & { bot?: InputUser; forwardText?: string; requestWriteAccess?: boolean }): InputKeyboardButtonUrlAuth {
  checkText(label);
  checkUrl(link, 'url', true);
  const b: InputKeyboardButtonUrlAuth = { _: 'inputKeyboardButtonUrlAuth', text: label, url: link, bot: options?.bot ?? { _: 'inputUserSelf' } };
  if (options?.forwardText !== undefined) b.fwdText = options.forwardText;
  if (options?.requestWriteAccess) b.requestWriteAccess = true;
  return styled(b, options);
}

/** An inline button that copies `copyText` (1–256 characters) to the clipboard. */
function copy(label: string, copyText: string, options?: ButtonOptions): KeyboardButtonCopy {
  checkText(label);
  if (copyText.length === 0 || copyText.length > KEYBOARD_LIMITS.copyTextMax) {
    throw new BadArgumentError('copyText', `must be 1–${KEYBOARD_LIMITS.copyTextMax} characters, got ${copyText.length}`);
  }
  return styled({ _: 'keyboardButtonCopy', text: label, copyText }, options);
}

/** A button that opens the web app at `url` (https://). In a reply keyboard it becomes a simple web view. */
function webApp(label: string, link: string, options?: ButtonOptions): KeyboardButtonWebView {
  checkText(label);
  checkUrl(link, 'url', true);
  return styled({ _: 'keyboardButtonWebView', text: label, url: link }, options);
}

/** An inline button that launches the bot's game (must be the first button of the first row). */
function game(label: string, options?: ButtonOptions): KeyboardButtonGame {
  checkText(label);
  return styled({ _: 'keyboardButtonGame', text: label }, options);
}

/** An inline pay button of an invoice (must be the first button of the first row). */
function pay(label: string, options?: ButtonOptions): KeyboardButtonBuy {
  checkText(label);
  return styled({ _: 'keyboardButtonBuy', text: label }, options);
}

/** An inline button that opens a user's profile. */
function userProfile(label: string, user: InputUser, options?: ButtonOptions): InputKeyboardButtonUserProfile {
  checkText(label);
  return styled({ _: 'inputKeyboardButtonUserProfile', text: label, userId: user }, options);
}

/**
 * The button builders. Inline keyboards take `callback`, `url`, `switchInline`, `login`, `copy`,
 * `webApp`, `game`, `pay`, `userProfile`; reply keyboards take `text` (or a plain string),
 * `requestContact`, `requestLocation`, `requestPoll`, `requestPeer`, `webApp`.
 *
 * @example
 * ```ts
 * inlineKeyboard([[button.callback('Yes', 'vote:yes'), button.callback('No', 'vote:no')], [button.url('Docs', 'https://core.telegram.org')]])
 * ```
 */
export const button = {
  text,
  requestContact,
  requestLocation,
  requestPoll,
  requestPeer,
  callback,
  url,
  switchInline,
  login,
  copy,
  webApp,
  game,
  pay,
  userProfile,
};
