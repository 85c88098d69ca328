/**
 * Mentions by user id: what the parsers produce (`messageEntityMentionName`, the stored form) and what
 * sending needs (`inputMessageEntityMentionName` with an `InputUser`).
 * @module
 */
import type { InputUser, MessageEntity } from '../../tl/index.js';

/**
 * Supplies the `InputUser` for a mentioned user id (the peer cache will; a test may return `inputUser`
 * objects it knows). Return `undefined` when the user is unknown: the entity is then dropped, since
 * Telegram refuses a mention it cannot resolve (`ENTITY_MENTION_USER_INVALID`).
 */
export type MentionResolver = (userId: number) => InputUser | undefined | Promise<InputUser | undefined>;

/**
 * Turns every `messageEntityMentionName` of `entities` into the `inputMessageEntityMentionName` that
 * `messages.sendMessage` needs, asking `resolve` for each user (once per user id). Other entities are
 * kept as they are (the same objects); the list keeps its order.
 *
 * @example
 * ```ts
 * const { text, entities } = parseHtml('<a href="tg://user?id=42">Ann</a>');
 * const input = await toInputEntities(entities, (id) => peers.inputUser(id));
 * ```
 */
export async function toInputEntities(entities: readonly MessageEntity[], resolve: MentionResolver): Promise<MessageEntity[]> {
  const users = new Map<number, InputUser | undefined>();
  for (const e of entities) {
    if (e._ === 'messageEntityMentionName' && !users.has(e.userId)) users.set(e.userId, await resolve(e.userId));
  }
  if (users.size === 0) return [...entities];
  const out: MessageEntity[] = [];
  for (const e of entities) {
    if (e._ !== 'messageEntityMentionName') {
      out.push(e);
      continue;
    }
    const user = users.get(e.userId);
    if (user !== undefined) out.push({ _: 'inputMessageEntityMentionName', offset: e.offset, length: e.length, userId: user });
  }
  return out;
}
