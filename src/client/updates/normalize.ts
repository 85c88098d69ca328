/**
 * Every way updates reach the engine, turned into one shape ({@link Batch}): pushed `Updates` of any
 * constructor (the `updateShort*` forms become `updateNewMessage`, as https://core.telegram.org/api/updates
 * advises), and results of the client's own calls — `Updates` results (`updateShortSentMessage` is rebuilt
 * from its request), and `messages.affected*`, which move a box without an update of their own (for
 * deletions the engine builds the `updateDelete*` the other sessions get).
 *
 * @module
 */
import type { AnyRequest, Chat, InputChannel, InputPeer, Message, Peer, Update, Updates, User } from '../../tl/index.js';
import type { BoxKey } from './classify.js';

/** A box position without an update (an `affected*` result). */
export interface BoxMove {
  box: BoxKey;
  pts: number;
  count: number;
}

/** One container's content, whatever form it came in. */
export interface Batch {
  updates: Update[];
  users: readonly User[];
  chats: readonly Chat[];
  date: number;
  /** `seq_start` / `seq` of the container; 0 = not ordered by seq. */
  seqStart: number;
  seq: number;
  /** Position changes without an update (from `affected*` results). */
  moves?: BoxMove[];
}

const NONE: readonly never[] = Object.freeze([]);

const peerUser = (userId: number): Peer => ({ _: 'peerUser', userId });

/** The peer an input peer names (`inputPeerSelf` needs the signed-in user's id). */
export function peerOfInput(peer: InputPeer, selfId: number | undefined): Peer | undefined {
  switch (peer._) {
    case 'inputPeerSelf':
      return selfId === undefined ? undefined : peerUser(selfId);
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage':
      return peerUser(peer.userId);
    case 'inputPeerChat':
      return { _: 'peerChat', chatId: peer.chatId };
    case 'inputPeerChannel':
    case 'inputPeerChannelFromMessage':
      return { _: 'peerChannel', channelId: peer.channelId };
    default:
      return undefined;
  }
}

function shortMessage(u: Extract<Updates, { _: 'updateShortMessage' | 'updateShortChatMessage' }>, selfId: number | undefined): Message {
  const sender = u._ === 'updateShortMessage' ? (u.out ? selfId : u.userId) : u.fromId;
  const peerId: Peer = u._ === 'updateShortMessage' ? peerUser(u.userId) : { _: 'peerChat', chatId: u.chatId };
  return {
    _: 'message',
    ...(u.out ? { out: true } : {}),
    ...(u.mentioned ? { mentioned: true } : {}),
    ...(u.mediaUnread ? { mediaUnread: true } : {}),
    ...(u.silent ? { silent: true } : {}),
    id: u.id,
    ...(sender !== undefined ? { fromId: peerUser(sender) } : {}),
    peerId,
    ...(u.fwdFrom ? { fwdFrom: u.fwdFrom } : {}),
    ...(u.viaBotId !== undefined ? { viaBotId: u.viaBotId } : {}),
    ...(u.replyTo ? { replyTo: u.replyTo } : {}),
    date: u.date,
    message: u.message,
    ...(u.entities ? { entities: u.entities } : {}),
    ...(u.ttlPeriod !== undefined ? { ttlPeriod: u.ttlPeriod } : {}),
  };
}

/** User ids a short message needs to be shown (sender, forward source, inline bot); the engine checks them. */
export function shortMessageUsers(u: Extract<Updates, { _: 'updateShortMessage' | 'updateShortChatMessage' }>): number[] {
  const ids = [u._ === 'updateShortMessage' ? u.userId : u.fromId];
  if (u.viaBotId !== undefined) ids.push(u.viaBotId);
  const from = u.fwdFrom?.fromId;
  if (from?._ === 'peerUser') ids.push(from.userId);
  return ids;
}

/** A pushed or returned `Updates` (not `updatesTooLong`) as a batch. */
export function batchOf(u: Exclude<Updates, { _: 'updatesTooLong' | 'updateShortSentMessage' }>, selfId: number | undefined): Batch {
  switch (u._) {
    case 'updateShortMessage':
    case 'updateShortChatMessage':
      return {
        updates: [{ _: 'updateNewMessage', message: shortMessage(u, selfId), pts: u.pts, ptsCount: u.ptsCount }],
        users: NONE,
        chats: NONE,
        date: u.date,
        seqStart: 0,
        seq: 0,
      };
    case 'updateShort':
      return { updates: [u.update], users: NONE, chats: NONE, date: u.date, seqStart: 0, seq: 0 };
    case 'updatesCombined':
      return { updates: u.updates, users: u.users, chats: u.chats, date: u.date, seqStart: u.seqStart, seq: u.seq };
    case 'updates':
      return { updates: u.updates, users: u.users, chats: u.chats, date: u.date, seqStart: u.seq, seq: u.seq };
  }
}

function channelIdOf(channel: InputChannel): number | undefined {
  return channel._ === 'inputChannel' || channel._ === 'inputChannelFromMessage' ? channel.channelId : undefined;
}

/**
 * What a result of the client's own call adds to the updates: its `Updates`, or the box move of an
 * `affected*` answer. `undefined` when the result carries nothing for the engine.
 */
export function batchOfResult(request: AnyRequest, result: unknown, selfId: number | undefined): Batch | 'tooLong' | undefined {
  const r = result as { _?: string };
  if (typeof r !== 'object' || r === null || typeof r._ !== 'string') return undefined;
  switch (r._) {
    case 'updatesTooLong':
      return 'tooLong';
    case 'updateShortSentMessage': {
      const sent = result as Extract<Updates, { _: 'updateShortSentMessage' }>;
      const req = request as { peer?: InputPeer; message?: unknown; entities?: unknown };
      const peerId = req.peer ? peerOfInput(req.peer, selfId) : undefined;
      if (!peerId || typeof req.message !== 'string') {
        // the message cannot be rebuilt: move the box, the other sessions' view comes by difference
        return { updates: [], users: NONE, chats: NONE, date: sent.date, seqStart: 0, seq: 0, moves: [{ box: 'common', pts: sent.pts, count: sent.ptsCount }] };
      }
      const entities = sent.entities ?? (request as { entities?: Extract<Message, { _: 'message' }>['entities'] }).entities;
      const message: Message = {
        _: 'message',
        out: true,
        id: sent.id,
        ...(selfId !== undefined ? { fromId: peerUser(selfId) } : {}),
        peerId,
        date: sent.date,
        message: req.message,
        ...(sent.media ? { media: sent.media } : {}),
        ...(entities ? { entities } : {}),
        ...(sent.ttlPeriod !== undefined ? { ttlPeriod: sent.ttlPeriod } : {}),
      };
      return { updates: [{ _: 'updateNewMessage', message, pts: sent.pts, ptsCount: sent.ptsCount }], users: NONE, chats: NONE, date: sent.date, seqStart: 0, seq: 0 };
    }
    case 'updateShortMessage':
    case 'updateShortChatMessage':
    case 'updateShort':
    case 'updatesCombined':
    case 'updates':
      return batchOf(result as Exclude<Updates, { _: 'updatesTooLong' | 'updateShortSentMessage' }>, selfId);
    case 'messages.invitedUsers':
      return batchOfResult(request, (result as { updates: unknown }).updates, selfId);
    case 'messages.affectedMessages':
    case 'messages.affectedHistory':
    case 'messages.affectedFoundMessages':
      return affected(request, result as { pts: number; ptsCount: number });
    default:
      return undefined;
  }
}

function affected(request: AnyRequest, r: { pts: number; ptsCount: number }): Batch | undefined {
  const channel = (request as { channel?: InputChannel }).channel;
  const channelId = channel ? channelIdOf(channel) : undefined;
  if (channel && channelId === undefined) return undefined;
  const box: BoxKey = channelId ?? 'common';
  const base = { users: NONE, chats: NONE, date: 0, seqStart: 0, seq: 0 };
  const ids = (request as { id?: unknown }).id;
  if (request._ === 'messages.deleteMessages' && Array.isArray(ids)) {
    return { ...base, updates: [{ _: 'updateDeleteMessages', messages: ids as number[], pts: r.pts, ptsCount: r.ptsCount }] };
  }
  if (request._ === 'channels.deleteMessages' && channelId !== undefined && Array.isArray(ids)) {
    return { ...base, updates: [{ _: 'updateDeleteChannelMessages', channelId, messages: ids as number[], pts: r.pts, ptsCount: r.ptsCount }] };
  }
  return { ...base, updates: [], moves: [{ box, pts: r.pts, count: r.ptsCount }] };
}
