/**
 * Small operations on entity lists: the canonical order, which entities the markups express, and the
 * user id behind a mention.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { ENTITY_RANK, OTHER_RANK, type FormattingEntity } from './rules.js';

function rankOf(e: MessageEntity): number {
  return ENTITY_RANK[e._] ?? OTHER_RANK;
}

/** Canonical order: offset ascending, length descending (spec §10.4), then outermost type first. */
export function compareEntities(a: MessageEntity, b: MessageEntity): number {
  return a.offset - b.offset || b.length - a.length || rankOf(a) - rankOf(b);
}

/** Sorts `entities` in place into the canonical order and returns it. */
export function sortEntities<T extends MessageEntity>(entities: T[]): T[] {
  // Parsers produce nearly sorted lists; skip the sort when already in order.
  for (let i = 1; i < entities.length; i++) {
    if (compareEntities(entities[i - 1]!, entities[i]!) > 0) return entities.sort(compareEntities);
  }
  return entities;
}

const FORMATTING: ReadonlySet<string> = new Set(Object.keys(ENTITY_RANK));

/** True for the entity types HTML and MarkdownV2 can express. */
export function isFormattingEntity(e: MessageEntity): e is FormattingEntity {
  return FORMATTING.has(e._);
}

/** The user a mention names, when it says so (`inputUserSelf` and empty inputs do not). */
export function mentionedUserId(e: MessageEntity): number | undefined {
  if (e._ === 'messageEntityMentionName') return e.userId;
  if (e._ === 'inputMessageEntityMentionName') {
    const u = e.userId;
    if (u._ === 'inputUser' || u._ === 'inputUserFromMessage') return u.userId;
  }
  return undefined;
}
