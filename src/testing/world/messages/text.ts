/**
 * Text normalisation of sent and edited messages (spec/messages.md §1.3, "N"): entity bounds, control
 * characters, trimming, emptiness, detected entities, length. Offsets are UTF-16 units throughout.
 */
import type { MessageEntity } from '../../../tl/index.js';
import { resolveInputUser } from '../access.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import { messageFail } from './errors.js';
import { MESSAGE_RULES } from './rules.js';

/** The text and entities a message is stored with. */
export interface NormalizedText {
  text: string;
  entities: MessageEntity[];
  /** The server changed the entities the client sent (detected ones added, some cut or dropped). */
  changed: boolean;
}

/** Options of {@link normalizeText}. */
export interface NormalizeOptions {
  /** A media caption: the caption limit applies and empty text is allowed. */
  caption?: boolean;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** True when UTF-16 index `i` falls between the halves of a surrogate pair. */
function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

/** N1 + the mention-name conversion: checked copies of the client's entities. */
function checkEntities(world: World, caller: UserRecord, text: string, entities: readonly MessageEntity[]): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const e of entities) {
    const end = e.offset + e.length;
    if (e.offset < 0 || e.length < 0 || end > text.length || splitsPair(text, e.offset) || splitsPair(text, end)) messageFail('entityBounds');
    if (e._ === 'inputMessageEntityMentionName') {
      const user = resolveInputUser(world, caller, e.userId);
      if (!user || user.deleted) messageFail('mentionUserInvalid');
      out.push({ _: 'messageEntityMentionName', offset: e.offset, length: e.length, userId: user.id });
    } else out.push({ ...e });
  }
  return out;
}

/** Characters N2 deletes (CR, U+2028–202E, some combining marks) and those it turns into a space. */
function cleanChar(c: number): 'keep' | 'space' | 'drop' {
  if (c === 0x0d || (c >= 0x2028 && c <= 0x202e) || c === 0x030a || c === 0x0333 || c === 0x033f) return 'drop';
  if (c < 0x20 && c !== 0x0a) return 'space';
  return 'keep';
}

/** Rebuilds entities through an old→new index map, dropping empty ones. */
function remap(entities: MessageEntity[], map: Int32Array): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const e of entities) {
    const start = map[e.offset]!;
    const end = map[e.offset + e.length]!;
    if (end > start) out.push({ ...e, offset: start, length: end - start });
  }
  return out;
}

/** N2: cleans control characters; entities follow their text. */
function cleanControls(text: string, entities: MessageEntity[]): { text: string; entities: MessageEntity[] } {
  const map = new Int32Array(text.length + 1);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    map[i] = out.length;
    const c = text.charCodeAt(i);
    const action = cleanChar(c);
    if (action === 'keep') out += text[i];
    else if (action === 'space') out += ' ';
  }
  map[text.length] = out.length;
  return out.length === text.length ? { text, entities } : { text: out, entities: remap(entities, map) };
}

const isTrimmed = (ch: string | undefined): boolean => ch === ' ' || ch === '\n';

/** N4: rtrim everywhere, ltrim only before the first entity. */
function trim(text: string, entities: MessageEntity[]): { text: string; entities: MessageEntity[] } {
  let end = text.length;
  while (end > 0 && isTrimmed(text[end - 1])) end--;
  const firstEntity = entities.reduce((min, e) => Math.min(min, e.offset), end);
  let start = 0;
  while (start < firstEntity && isTrimmed(text[start])) start++;
  if (start === 0 && end === text.length) return { text, entities };
  const cut: MessageEntity[] = [];
  for (const e of entities) {
    const s = Math.max(e.offset, start);
    const f = Math.min(e.offset + e.length, end);
    if (f > s) cut.push({ ...e, offset: s - start, length: f - s });
  }
  return { text: text.slice(start, end), entities: cut };
}

/** Entities inside which nothing is detected. */
const OPAQUE = new Set<MessageEntity['_']>([
  'messageEntityCode',
  'messageEntityPre',
  'messageEntityTextUrl',
  'messageEntityUrl',
  'messageEntityEmail',
  'messageEntityMention',
  'messageEntityMentionName',
  'messageEntityBotCommand',
  'messageEntityHashtag',
  'messageEntityCashtag',
  'messageEntityCustomEmoji',
]);

const DETECTORS: Array<[RegExp, 'messageEntityUrl' | 'messageEntityEmail' | 'messageEntityMention' | 'messageEntityBotCommand' | 'messageEntityHashtag' | 'messageEntityCashtag']> = [
  [/(?:https?:\/\/|www\.|t\.me\/)[^\s<>"]*[^\s<>".,;:!?)'\]]/giu, 'messageEntityUrl'],
  [/(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w])/gu, 'messageEntityEmail'],
  [/(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w])/gu, 'messageEntityMention'],
  [/(?<![\w/<>])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])/gu, 'messageEntityBotCommand'],
  [/(?<![\w#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu, 'messageEntityHashtag'],
  [/(?<![\w$])\$[A-Z]{3,8}(?![\w])/gu, 'messageEntityCashtag'],
];

/** N6: mentions, commands, hashtags, cashtags, URLs and emails outside code, pre and links. */
export function detectEntities(text: string, entities: readonly MessageEntity[]): MessageEntity[] {
  const taken: Array<[number, number]> = entities.filter((e) => OPAQUE.has(e._)).map((e) => [e.offset, e.offset + e.length]);
  const found: MessageEntity[] = [];
  for (const [re, type] of DETECTORS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const s = m.index;
      const f = s + m[0].length;
      if (taken.some(([a, b]) => s < b && f > a)) continue;
      taken.push([s, f]);
      found.push({ _: type, offset: s, length: f - s });
    }
  }
  return found;
}

/** Text length as the limits count it. */
export function textLength(world: World, text: string): number {
  if (world.messageSwitches.lengthInUtf16) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isLow(text.charCodeAt(i)) || i === 0 || !isHigh(text.charCodeAt(i - 1))) n++;
  return n;
}

/** A comparable form of an entity list (bigint fields included). */
function entitiesKey(entities: readonly MessageEntity[]): string {
  return JSON.stringify(entities, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

const byPosition = (a: MessageEntity, b: MessageEntity): number => a.offset - b.offset || b.length - a.length;

/**
 * Applies N1–N7 to a message text (or caption) and its entities. Throws `ENTITY_BOUNDS_INVALID`,
 * `ENTITY_MENTION_USER_INVALID`, `MESSAGE_EMPTY` or `MESSAGE_TOO_LONG`.
 */
export function normalizeText(
  world: World,
  caller: UserRecord,
  text: string,
  entities: readonly MessageEntity[] | undefined,
  options: NormalizeOptions = {},
): NormalizedText {
  const given = checkEntities(world, caller, text, entities ?? []);
  const sent = given.filter((e) => e.length > 0);
  let cur = cleanControls(text, sent);
  cur = trim(cur.text, cur.entities);
  if (cur.text === '' && !options.caption) messageFail('messageEmpty');
  const max = options.caption ? world.messageSwitches.captionLengthMax : world.messageSwitches.messageLengthMax;
  if (textLength(world, cur.text) > max) messageFail('messageTooLong');
  let final = cur.entities;
  if (MESSAGE_RULES.detectEntities) final = [...final, ...detectEntities(cur.text, final)];
  final.sort(byPosition);
  if (final.length > world.messageSwitches.entitiesMax) final = final.slice(0, world.messageSwitches.entitiesMax);
  const changed = entitiesKey(final) !== entitiesKey([...given].sort(byPosition));
  return { text: cur.text, entities: final, changed };
}
