/**
 * Server-side state of one MTProto session (one auth key + one client-chosen session id):
 * replay window, seqno of our messages, the client's messages and their answers
 * (`client-messages.ts`), our unacknowledged messages (for msg_resend_req) and the queue of
 * messages waiting for the next flush or for a connection.
 *
 * An answer is never dropped: the outbox only sheds pushed updates when the client is away, and
 * a connection that sends faster than it reads is paused instead (`connection.ts`).
 * @module
 */
import { SeenMessageIds, SeqNoCounter } from '../../mtproto/index.js';
import type { ServerMessageKind } from '../../mtproto/index.js';
import type { AuthKeyRecord } from './auth-keys.js';
import type { RequestContext } from '../context.js';
import { ClientMessages, KeyMessageBudget } from './client-messages.js';
import { encode } from '../../tl/index.js';

/** A message the server sends (already numbered, so a resend is byte-identical). */
export interface OutgoingMessage {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
  /** An rpc_result: the client msg_id it answers (answers are never dropped from the outbox). */
  answerTo?: bigint;
}

/** Where a session's messages go: implemented by the server connection. */
export interface SessionSink {
  readonly closed: boolean;
  /** Encrypts and sends messages of `session` as one packet (a container if several). */
  sendMessages(session: ServerSession, messages: OutgoingMessage[]): void;
}

/** Bounds that keep one session's memory small whatever the client does. */
export const SESSION_LIMITS = {
  seenIds: 4096,
  unacked: 1024,
  /** Pushed messages (updates) kept for a client that is away; answers are always kept. */
  queued: 512,
  pendingAcks: 1024,
} as const;

/**
 * Deletes the oldest entry of `map` and returns the iterator to use next time. Map iterators are
 * live: everything before the iterator's position was deleted by this function, and entries
 * deleted elsewhere are skipped, so its next key is always the oldest one left. Keeping it saves
 * an iterator per eviction (one per message once a map is full).
 */
function evictOldest<V>(map: Map<bigint, V>, keys: IterableIterator<bigint> | undefined): IterableIterator<bigint> {
  let it = keys ?? map.keys();
  let next = it.next();
  if (next.done) {
    it = map.keys(); // an exhausted iterator never sees later entries: start again
    next = it.next();
  }
  if (!next.done) map.delete(next.value);
  return it;
}

/** One session. */
export class ServerSession {
  readonly seen = new SeenMessageIds(SESSION_LIMITS.seenIds);
  readonly seqNo = new SeqNoCounter();
  /** The client's queries: state and stored answers (bounded per auth key). */
  readonly messages: ClientMessages;
  /** Our content messages not yet acknowledged (bounded). */
  readonly unacked = new Map<bigint, OutgoingMessage>();
  /** Messages waiting for the next flush (or for a connection). */
  outbox: OutgoingMessage[] = [];
  /** Client content messages to acknowledge in the next flush. */
  pendingAcks: bigint[] = [];
  /** Connection the client last used for this session. */
  sink: SessionSink | undefined;
  /** new_session_created was sent (or the session was restored after a restart). */
  announced = false;
  /** Layer declared by invokeWithLayer (228 until then). */
  layer = 228;
  /** Last time (ms) the client used this session. */
  lastUsed = 0;
  /** msg_id of the first client message this session got in this run (undefined for a restored session). */
  firstMsgId: bigint | undefined;
  /** Handler context of this session's calls (it only reads through to the session), made on first use. */
  requestContext: RequestContext | undefined;
  /** Live key iterator of `unacked`: it always points at the oldest entry left. */
  private unackedOldest: IterableIterator<bigint> | undefined;
  private flushQueued = false;
  private ackFlushQueued = false;

  /**
   * @param nextMsgId - the server's msg_id generator (ids must grow across all of its messages).
   * @param budget - the auth key's shared budget for remembered client messages.
   */
  constructor(
    readonly authKey: AuthKeyRecord,
    readonly sessionId: bigint,
    private readonly nextMsgId: (kind: ServerMessageKind) => bigint,
    budget: KeyMessageBudget = new KeyMessageBudget(),
  ) {
    this.messages = new ClientMessages(budget);
  }

  /** Numbers `body` and queues it; returns its msg_id. `answerTo`: the client query an rpc_result answers. */
  send(body: Uint8Array, kind: ServerMessageKind, contentRelated: boolean, answerTo?: bigint): bigint {
    const message: OutgoingMessage = { msgId: this.nextMsgId(kind), seqNo: this.seqNo.next(contentRelated), body, ...(answerTo !== undefined ? { answerTo } : {}) };
    this.enqueue(message, contentRelated);
    return message.msgId;
  }

  /**
   * Queues a client msg_id for acknowledgement. Acks wait one event-loop turn so that they leave
   * with a quick answer in the same packet instead of in a packet of their own.
   */
  ack(msgId: bigint): void {
    if (this.pendingAcks.length < SESSION_LIMITS.pendingAcks) this.pendingAcks.push(msgId);
    if (this.ackFlushQueued) return;
    this.ackFlushQueued = true;
    setImmediate(() => {
      this.ackFlushQueued = false;
      this.flush(true);
    });
  }

  /** Queues a numbered message; content messages are also kept until acknowledged. */
  enqueue(message: OutgoingMessage, contentRelated: boolean): void {
    if (contentRelated) {
      this.unacked.set(message.msgId, message);
      if (this.unacked.size > SESSION_LIMITS.unacked) this.unackedOldest = evictOldest(this.unacked, this.unackedOldest);
    }
    this.outbox.push(message);
    if (this.outbox.length > SESSION_LIMITS.queued && !this.sinkOpen) this.shedPushes();
    this.scheduleFlush();
  }

  /** Messages (answers among them) queued and not yet handed to a connection. */
  get queued(): number {
    return this.outbox.length;
  }

  private get sinkOpen(): boolean {
    return this.sink !== undefined && !this.sink.closed;
  }

  /** The client is away and its queue is long: forget the oldest pushed messages, keep every answer. */
  private shedPushes(): void {
    let excess = this.outbox.length - SESSION_LIMITS.queued;
    this.outbox = this.outbox.filter((m) => m.answerTo !== undefined || excess-- <= 0);
  }

  /** Flushes on a microtask so everything produced by one packet leaves in one container. */
  scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** Hands queued messages (and a msgs_ack for pending acks) to the live connection; without one they wait and acks are dropped. */
  private flush(acksAlone = false): void {
    const sink = this.sink;
    if (!sink || sink.closed) {
      this.pendingAcks = [];
      return;
    }
    if (this.outbox.length === 0 && !acksAlone) return; // acks wait for company or for their own turn
    const messages = this.outbox;
    this.outbox = [];
    if (this.pendingAcks.length > 0) {
      messages.push({ msgId: this.nextMsgId('service'), seqNo: this.seqNo.next(false), body: encode({ _: 'msgs_ack', msgIds: this.pendingAcks }) });
      this.pendingAcks = [];
    }
    if (messages.length > 0) sink.sendMessages(this, messages);
  }

  /** The client acknowledged our messages `ids`. */
  acknowledged(ids: readonly bigint[]): void {
    for (const id of ids) {
      const sent = this.unacked.get(id);
      if (!sent) continue;
      this.unacked.delete(id);
      if (sent.answerTo !== undefined) {
        const entry = this.messages.get(sent.answerTo);
        if (entry?.answerMsgId === id) entry.answerAcked = true;
      }
    }
  }

  /** Forgets everything this session holds (it was destroyed or expired). */
  dispose(): void {
    this.messages.clear();
    this.outbox = [];
    this.unacked.clear();
    this.pendingAcks = [];
    this.sink = undefined;
  }
}
