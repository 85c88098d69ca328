/**
 * What `parsePeer` accepts, where Telegram's documents leave the choice to us ([I]), in one place.
 * Documented rules (username syntax, Bot API id ranges, link forms: spec `messages.md` §7.6, §8.4, §8.5)
 * live in the parsers.
 * @module
 */

/** Hosts of `https://t.me/…` links (spec §8.5); `<name>.t.me` is a username's own host. */
export const LINK_HOSTS: ReadonlySet<string> = new Set(['t.me', 'telegram.me', 'telegram.dog']);

/**
 * First path segments of t.me links that name something other than a peer (sticker sets, proxies,
 * themes, login, payments, folders…). A link starting with one is refused with a message saying so.
 */
export const NON_PEER_PATHS: ReadonlySet<string> = new Set([
  'addstickers',
  'addemoji',
  'addtheme',
  'addlist',
  'setlanguage',
  'share',
  'msg',
  'proxy',
  'socks',
  'login',
  'confirmphone',
  'invoice',
  'bg',
  'boost',
  'giftcode',
  'nft',
  'contact',
  'iv',
  'm',
  'a',
  'k',
  'z',
]);

/** Digits a phone number may have (E.164 allows 15; shorter ones exist on test DCs). */
export const PHONE_DIGITS = { min: 5, max: 15 } as const;

/** Characters of an invite hash (base64url) and the longest one accepted (the test server's limit). */
export const INVITE_HASH = /^[A-Za-z0-9_-]{1,64}$/;

/** A bot's start parameter (`?start=`): base64url, 1–64 characters (spec §8.5). */
export const START_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;

/** The words that mean the current account. */
export const SELF_WORDS: ReadonlySet<string> = new Set(['me', 'self']);
