/**
 * Every inferred ([I]) choice of the formatting rules (spec `messages.md` §10) in one place. The
 * documented rules (tags, syntax, escaping, error wording) live in the parsers; what is here is our
 * reading where Telegram does not say, and can be changed when real answers say otherwise.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';

/**
 * URL schemes a text link may use. Links with another scheme (`javascript:`, `file:`…) are dropped, as
 * Telegram drops "unusable" links; a link without a scheme that looks like a host gets `http://`.
 */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'tg', 'ton', 'tonsite']);

/** Largest user id a `tg://user?id=` mention may name (spec §8.4: user ids are 1…0xFFFFFFFFFF). */
export const MAX_USER_ID = 0xffffffffff;

/**
 * The formats `tg-time` / `tg://time` accept (spec §10.1): `r` (relative), or an optional `w` (day of
 * week), an optional `d`/`D` (short/long date) and an optional `t`/`T` (short/long time).
 */
export const DATE_FORMAT = /^(?:r|w?[dD]?[tT]?)$/;

/** Entity types the renderers and parsers know; others (auto-detected mentions, URLs…) render as plain text. */
export type FormattingEntity = Extract<
  MessageEntity,
  {
    _:
      | 'messageEntityBold'
      | 'messageEntityItalic'
      | 'messageEntityUnderline'
      | 'messageEntityStrike'
      | 'messageEntitySpoiler'
      | 'messageEntityCode'
      | 'messageEntityPre'
      | 'messageEntityTextUrl'
      | 'messageEntityMentionName'
      | 'inputMessageEntityMentionName'
      | 'messageEntityCustomEmoji'
      | 'messageEntityBlockquote'
      | 'messageEntityFormattedDate';
  }
>;

/**
 * Order of entities that cover the same range, outermost first; the canonical order of a list is offset
 * ascending, length descending, then this rank (spec §10.4 fixes only offset and length). Splittable
 * entities go outside links and code so that either markup can express them; a blockquote is outermost.
 */
export const ENTITY_RANK: Readonly<Record<string, number>> = {
  messageEntityBlockquote: 0,
  messageEntityBold: 1,
  messageEntityItalic: 2,
  messageEntityUnderline: 3,
  messageEntityStrike: 4,
  messageEntitySpoiler: 5,
  messageEntityTextUrl: 6,
  messageEntityMentionName: 6,
  inputMessageEntityMentionName: 6,
  messageEntityCustomEmoji: 7,
  messageEntityFormattedDate: 8,
  messageEntityPre: 9,
  messageEntityCode: 9,
};

/** Rank of types not in {@link ENTITY_RANK} (auto-detected ones). */
export const OTHER_RANK = 8;

/**
 * Entities that contain no other entity (spec §10.4: code, pre and dates "contain nothing"). The
 * renderers drop what lies inside them, as Telegram does.
 */
export const LEAF_TYPES: ReadonlySet<string> = new Set(['messageEntityCode', 'messageEntityPre', 'messageEntityFormattedDate']);
