/** Users and chats an update names, so the containers and differences carrying it can include them. */
import type { Chat, Message, Peer, User } from '../../../tl/index.js';
import { chatView } from '../views/chat.js';
import { userView } from '../views/user.js';
import type { World } from '../world.js';

/** Ids of users and chats referenced. */
export class Refs {
  readonly users = new Set<number>();
  readonly chats = new Set<number>();

  /** Collects the peers of a TL object tree (peer constructors and the `*_id` fields that hold peers). */
  scan(value: unknown, depth = 0): this {
    if (depth > 8 || value === null || typeof value !== 'object') return this;
    if (Array.isArray(value)) {
      for (const v of value) this.scan(v, depth + 1);
      return this;
    }
    const o = value as Record<string, unknown>;
    if (o['_'] === 'peerUser' && typeof o['userId'] === 'number') this.users.add(o['userId']);
    else if (o['_'] === 'peerChat' && typeof o['chatId'] === 'number') this.chats.add(o['chatId']);
    else if (o['_'] === 'peerChannel' && typeof o['channelId'] === 'number') this.chats.add(o['channelId']);
    // for…in over these plain TL literals visits what Object.entries would, without building the pairs
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'number' && (k === 'userId' || k === 'actorId' || k === 'inviterId' || k === 'viaBotId')) this.users.add(v);
      else if (typeof v === 'number' && (k === 'chatId' || k === 'channelId')) this.chats.add(v);
      else if (k === 'users' && Array.isArray(v) && v.every((x) => typeof x === 'number')) for (const x of v as number[]) this.users.add(x);
      else if (typeof v === 'object') this.scan(v, depth + 1);
    }
    return this;
  }

  /**
   * {@link scan} of a message, without walking it key by key when none of its object fields but `peer_id`
   * and `from_id` is set (plain text, the bulk of a difference page): then its peers are those two and
   * `via_bot_id`.
   */
  scanMessage(m: Message): this {
    if (m._ !== 'message' || !onlyPeerObjects(m)) return this.scan(m);
    this.peer(m.peerId);
    if (m.fromId !== undefined) this.peer(m.fromId);
    if (m.viaBotId !== undefined) this.users.add(m.viaBotId);
    return this;
  }

  private peer(p: Peer): void {
    if (p._ === 'peerUser') this.users.add(p.userId);
    else if (p._ === 'peerChat') this.chats.add(p.chatId);
    else this.chats.add(p.channelId);
  }

  addUsers(ids: Iterable<number>): this {
    for (const id of ids) this.users.add(id);
    return this;
  }

  addChats(ids: Iterable<number>): this {
    for (const id of ids) this.chats.add(id);
    return this;
  }

  /** The referenced users and chats as `viewerId` sees them (unknown ids skipped). */
  views(world: World, viewerId: number): { users: User[]; chats: Chat[] } {
    const users: User[] = [];
    const chats: Chat[] = [];
    for (const id of this.users) {
      const u = world.users.get(id);
      if (u) users.push(userView(u, viewerId));
    }
    for (const id of this.chats) {
      const c = world.chats.get(id);
      if (c) chats.push(chatView(c, viewerId));
    }
    return { users, chats };
  }
}

/** True when `m` has no object-valued field (schema `message`) besides `peer_id` and `from_id`. */
function onlyPeerObjects(m: Extract<Message, { _: 'message' }>): boolean {
  return (
    m.replyTo === undefined &&
    m.media === undefined &&
    m.entities === undefined &&
    m.fwdFrom === undefined &&
    m.replyMarkup === undefined &&
    m.savedPeerId === undefined &&
    m.guestchatViaFrom === undefined &&
    m.replies === undefined &&
    m.reactions === undefined &&
    m.restrictionReason === undefined &&
    m.factcheck === undefined &&
    m.suggestedPost === undefined &&
    m.richMessage === undefined
  );
}
