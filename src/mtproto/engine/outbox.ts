/**
 * Outgoing queue and container packer. A request gets its msg_id and seqno when it first leaves
 * and keeps them: a copy sent again goes under the same id inside a container with a new, higher
 * id (client ids must grow within a session; https://core.telegram.org/mtproto/description#message-identifier-msg-id).
 * Several queued messages (and pending acks) leave together in one msg_container.
 * @module
 */
import type { Link } from '../connection/link.js';
import type { SessionState } from '../connection/session-state.js';
import { CONTAINER_ENTRY_OVERHEAD, CONTAINER_HEADER_SIZE, MAX_CONTAINER_BYTES, MAX_CONTAINER_MESSAGES } from '../container.js';
import type { ContainerMessage } from '../container.js';
import { encodeMt } from '../../tl/codec.js';
import type { AnyRequest } from '../../tl/index.js';
import type { AckBatcher } from './acks.js';
import type { PendingRequest, PendingTable } from './pending.js';

/** One message waiting to leave. */
export interface OutgoingMessage {
  /** Body of a non-request message; requests carry their own. */
  body?: Uint8Array | undefined;
  request?: PendingRequest | undefined;
  contentRelated: boolean;
  /** Never packed into a container (the server rejected a container holding it). */
  alone?: boolean | undefined;
}

/** Serialises the first request of a connection with its wrapper (invokeWithLayer(initConnection(…))). */
export type FirstCallWrapper = (request: AnyRequest) => Uint8Array;

/** What left in one packet. */
interface Batch {
  messages: ContainerMessage[];
  requests: PendingRequest[];
  /** A copy under an old id is in it: it must travel in a container. */
  needsContainer: boolean;
  bytes: number;
}

export class Outbox {
  private queue: OutgoingMessage[] = [];
  private scheduled = false;
  private link: Link | undefined;
  /** While held only urgent requests leave (the PFS bind must be the first message on a new key). */
  private held = true;
  private firstCall: FirstCallWrapper | undefined;

  constructor(
    private readonly state: SessionState,
    private readonly pending: PendingTable,
    private readonly acks: AckBatcher,
  ) {}

  get length(): number {
    return this.queue.length;
  }

  /** A connection carries our messages from now on; held until {@link open}. */
  attach(link: Link): void {
    this.link = link;
    this.held = true;
  }

  /** The connection is gone: everything waits. */
  detach(): void {
    this.link = undefined;
    this.held = true;
    this.firstCall = undefined;
  }

  /** Lets everything leave; the first new request is serialised by `wrap` (once). */
  open(wrap: FirstCallWrapper | undefined): void {
    this.held = false;
    this.firstCall = wrap;
    this.flush();
  }

  /** Holds everything but urgent requests back again (a key switch is coming). */
  hold(): void {
    this.held = true;
  }

  /** Whether a connection is attached and open for everything. */
  get ready(): boolean {
    return !this.held && this.link !== undefined && !this.link.closed;
  }

  /** Queues a message and schedules a flush on the next microtask (so same-tick calls share a container). */
  push(message: OutgoingMessage, front = false): void {
    if (front) this.queue.unshift(message);
    else this.queue.push(message);
    this.schedule();
  }

  /** Whether `req` is waiting in the queue. */
  has(req: PendingRequest): boolean {
    return this.queue.some((m) => m.request === req);
  }

  /** Removes a still-queued request (cancelled before it left). */
  drop(req: PendingRequest): void {
    this.queue = this.queue.filter((m) => m.request !== req);
  }

  /** Forgets queued copies of requests already out (the recovery decides about them again). */
  dropCopies(): void {
    this.queue = this.queue.filter((m) => m.request === undefined || m.request.copies === 0);
  }

  /** Forgets what belonged to the previous connection: service messages and settled requests. */
  dropServiceMessages(): void {
    this.queue = this.queue.filter((m) => m.request !== undefined && !m.request.settled);
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends everything queued (and pending acks) while a connection is ready; only urgent requests while held. */
  flush(): void {
    const link = this.link;
    if (!link || link.closed) return;
    if (this.held) {
      this.flushUrgent(link);
      return;
    }
    while (this.ready && (this.queue.length > 0 || this.acks.pending > 0)) {
      if (!this.sendBatch(link)) return;
    }
  }

  private flushUrgent(link: Link): void {
    const urgent = this.queue.filter((m) => m.request?.urgent === true && !m.request.settled);
    if (urgent.length === 0) return;
    this.queue = this.queue.filter((m) => !urgent.includes(m));
    for (const m of urgent) {
      const batch: Batch = { messages: [], requests: [], needsContainer: false, bytes: CONTAINER_HEADER_SIZE };
      this.add(batch, m);
      if (!this.transmit(link, batch)) return;
    }
  }

  /** Serialises `m` into `batch` (giving a request its msg_id on its first copy). */
  private add(batch: Batch, m: OutgoingMessage): void {
    const req = m.request;
    if (!req) {
      batch.messages.push({ msgId: this.state.ids.next(), seqNo: this.state.seq.next(m.contentRelated), body: m.body! });
      batch.bytes += CONTAINER_ENTRY_OVERHEAD + m.body!.length;
      return;
    }
    if (req.msgId === 0n) {
      const msgId = this.state.ids.next();
      this.pending.assign(req, msgId, this.state.seq.next(true), this.wireOf(req, msgId));
    } else {
      batch.needsContainer = true; // a copy under its original (older) id
    }
    batch.messages.push({ msgId: req.msgId, seqNo: req.seqNo, body: req.wire! });
    batch.requests.push(req);
    batch.bytes += CONTAINER_ENTRY_OVERHEAD + req.wire!.length;
  }

  /** The bytes a request leaves with under a new msg_id. */
  private wireOf(req: PendingRequest, msgId: bigint): Uint8Array {
    if (req.build) return req.build(msgId);
    if (req.wire) return req.wire; // a new id for the same bytes (the server never saw them)
    const wrap = this.firstCall;
    if (wrap && req.request) {
      this.firstCall = undefined;
      return wrap(req.request);
    }
    return req.body;
  }

  /** Size of `m` in a container, without serialising it (a request's body is known). */
  private sizeOf(m: OutgoingMessage): number {
    const body = m.request ? (m.request.wire ?? m.request.body) : m.body!;
    return CONTAINER_ENTRY_OVERHEAD + body.length;
  }

  private sendBatch(link: Link): boolean {
    const batch: Batch = { messages: [], requests: [], needsContainer: false, bytes: CONTAINER_HEADER_SIZE };
    const ackIds = this.acks.take();
    if (ackIds.length > 0) this.add(batch, { body: encodeMt({ _: 'msgs_ack', msgIds: ackIds }), contentRelated: false });
    while (this.queue.length > 0 && batch.messages.length < MAX_CONTAINER_MESSAGES) {
      const next = this.queue[0]!;
      if (next.request?.settled) {
        this.queue.shift();
        continue;
      }
      // a message that must travel alone, or does not fit, waits for the next packet (a first
      // copy may still grow by the initConnection wrapper: the limit keeps a margin for it)
      if (batch.messages.length > 0 && (next.alone || batch.bytes + this.sizeOf(next) > MAX_CONTAINER_BYTES - 1024)) break;
      this.queue.shift();
      this.add(batch, next);
      if (next.alone) break;
    }
    if (batch.messages.length === 0) return true;
    return this.transmit(link, batch);
  }

  /** Sends one packet; on failure first copies go back to the front of the queue (under their ids). */
  private transmit(link: Link, batch: Batch): boolean {
    let packetId: bigint;
    let ok: boolean;
    const inContainer = batch.messages.length > 1 || batch.needsContainer;
    if (!inContainer) {
      const only = batch.messages[0]!;
      packetId = only.msgId;
      ok = link.send(only.msgId, only.seqNo, only.body);
    } else {
      packetId = this.state.ids.next();
      ok = link.send(packetId, this.state.seq.next(false), batch.messages);
    }
    if (!ok) {
      // never left: keep each first copy's id and send it with the next connection; copies of
      // requests already out are the recovery's business (engine/delivery.ts)
      const back = batch.requests.filter((r) => r.copies === 0 && !r.settled);
      for (let i = back.length - 1; i >= 0; i--) this.queue.unshift({ request: back[i]!, contentRelated: true });
      return false;
    }
    for (const req of batch.requests) this.pending.sent(req, packetId);
    if (inContainer) this.pending.container(packetId, batch.messages.map((m) => m.msgId));
    return true;
  }
}
