/**
 * Finds the users and chats inside anything the client receives (a result or an `Updates` push), and
 * for `min` ones the message they were seen in (spec `messages.md` §8.3), without walking whole trees:
 * Telegram puts them in top-level `users` / `chats` vectors (or returns them as the result itself).
 * @module
 */
import type { PeerRecord } from '../../storage/types.js';
import type { Chat, Message, Peer, User } from '../../tl/index.js';
import { chatRecord, peerKey, userRecord } from './records.js';

type Loose = { _?: unknown; users?: unknown; chats?: unknown; user?: unknown; chat?: unknown; messages?: unknown; updates?: unknown; update?: unknown; message?: unknown };

const USER_KINDS = new Set(['user', 'userEmpty']);
const CHAT_KINDS = new Set(['chat', 'chatForbidden', 'channel', 'channelForbidden', 'chatEmpty']);

function kindOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? ((value as { _?: unknown })._ as string | undefined) : undefined;
}

function addObject(value: unknown, out: PeerRecord[]): void {
  const kind = kindOf(value);
  if (kind === undefined) return;
  const record = USER_KINDS.has(kind) ? userRecord(value as User) : CHAT_KINDS.has(kind) ? chatRecord(value as Chat) : undefined;
  if (record) out.push(record);
}

function addList(list: unknown, out: PeerRecord[]): void {
  if (Array.isArray(list)) for (const item of list) addObject(item, out);
}

/** Messages of a result (`messages` vector) or of the message updates of an `Updates`. */
function messagesIn(value: Loose): Message[] {
  const out: Message[] = [];
  if (Array.isArray(value.messages)) out.push(...(value.messages as Message[]));
  const updates = Array.isArray(value.updates) ? (value.updates as Loose[]) : value.update ? [value.update as Loose] : [];
  for (const u of updates) if (kindOf(u.message) === 'message' || kindOf(u.message) === 'messageService') out.push(u.message as Message);
  if (Array.isArray(value.messages) === false && Array.isArray(value.updates) === false && Array.isArray((value as { newMessages?: unknown }).newMessages)) {
    out.push(...((value as { newMessages: Message[] }).newMessages));
  }
  return out;
}

function samePeer(peer: Peer | undefined, record: PeerRecord): boolean {
  if (!peer) return false;
  const k = peerKey(peer);
  return k.type === record.type && k.id === record.id;
}

/** Gives each min record the first message of `messages` that names it (sender, forward source, mention). */
function attachSeenIn(records: PeerRecord[], messages: Message[]): void {
  for (const record of records) {
    if (!record.min) continue;
    for (const m of messages) {
      if (m._ === 'messageEmpty') continue;
      const names =
        samePeer(m.fromId, record) ||
        (m._ === 'message' && samePeer(m.fwdFrom?.fromId, record)) ||
        (m._ === 'message' && record.type === 'user' && (m.entities ?? []).some((e) => e._ === 'messageEntityMentionName' && e.userId === record.id));
      if (!names || samePeer(m.peerId, record)) continue;
      const chat = peerKey(m.peerId);
      record.seenIn = { peerType: chat.type, peerId: chat.id, msgId: m.id };
      break;
    }
  }
}

/** Every user and chat of `value` (a result or an `Updates`) as peer records, min ones with `seenIn` where a message names them. */
export function peersIn(value: unknown): PeerRecord[] {
  const out: PeerRecord[] = [];
  if (Array.isArray(value)) {
    addList(value, out); // users.getUsers
    return out;
  }
  if (typeof value !== 'object' || value === null) return out;
  const v = value as Loose;
  addObject(v, out); // a User or Chat result itself
  addList(v.users, out);
  addList(v.chats, out);
  addObject(v.user, out); // auth.authorization, users.userFull wrappers
  addObject(v.chat, out); // chatInviteAlready / chatInvitePeek
  if (out.some((r) => r.min)) attachSeenIn(out, messagesIn(v));
  return out;
}
