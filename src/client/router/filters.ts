/** Message filters of the router: small predicates that compose with {@link and} / {@link or}. */
import type { MessageContext } from './context.js';

/** Decides whether a handler takes a message (may set `ctx.match`). */
export type MessageFilter = (ctx: MessageContext) => boolean;

/** Messages starting with one of these commands (`'start'` or `'/start'`; the router drops `@otherbot`). */
export function command(...names: string[]): MessageFilter {
  const set = new Set(names.map((n) => n.replace(/^\//, '').toLowerCase()));
  return (ctx) => ctx.command !== undefined && set.has(ctx.command.name);
}

/** Messages whose text matches `pattern` (the match lands in `ctx.match`). */
export function regex(pattern: RegExp): MessageFilter {
  return (ctx) => {
    pattern.lastIndex = 0;
    const m = pattern.exec(ctx.text);
    if (m) ctx.match = m;
    return m !== null;
  };
}

/** Messages in chats of this kind. */
export function chatKind(...kinds: Array<MessageContext['chatKind']>): MessageFilter {
  return (ctx) => kinds.includes(ctx.chatKind);
}

/** Messages sent by one of these user ids. */
export function sender(...userIds: number[]): MessageFilter {
  return (ctx) => ctx.senderId !== undefined && userIds.includes(ctx.senderId);
}

/** Every filter holds. */
export function and(...filters: MessageFilter[]): MessageFilter {
  return (ctx) => filters.every((f) => f(ctx));
}

/** Some filter holds. */
export function or(...filters: MessageFilter[]): MessageFilter {
  return (ctx) => filters.some((f) => f(ctx));
}
