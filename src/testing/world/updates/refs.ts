/** Users and chats an update names, so the containers and differences carrying it can include them. */
import type { Chat, User } from '../../../tl/index.js';
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
