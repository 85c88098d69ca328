/**
 * Outgoing queue and container packer. Messages get their msg_id and seqno only when they
 * leave, so anything resent after a reconnect or a server complaint gets fresh ones.
 * Several queued messages (and pending acks) leave together in one msg_container.
 * @module
 */
import type { AckBatcher } from './acks.js';
import { CONTAINER_ENTRY_OVERHEAD, CONTAINER_HEADER_SIZE, MAX_CONTAINER_BYTES, MAX_CONTAINER_MESSAGES, packContainer } from './container.js';
import type { ContainerMessage } from './container.js';
import type { MessageIdGenerator } from './message-id.js';
import { encodeMsgsAck } from './mt-codec.js';
import type { PendingRequest, PendingTable } from './pending.js';
import type { SeqNoCounter } from './seqno.js';

/** One message waiting to leave. */
export interface OutgoingMessage {
  /** Body of a non-request message; requests are serialised at send time. */
  body?: Uint8Array;
  request?: PendingRequest;
  contentRelated: boolean;
  /** Never packed into a container (the server rejected a container holding it). */
  alone?: boolean;
  /** Told the msg_id it left under. */
  onSent?: (msgId: bigint) => void;
}

/** What the outbox needs from its session. */
export interface OutboxDeps {
  ids: MessageIdGenerator;
  seqNo(): SeqNoCounter;
  pending: PendingTable;
  acks: AckBatcher;
  /** Serialises a request for the current connection (wrapping the first one in initConnection). */
  requestBody(req: PendingRequest): { body: Uint8Array; wrapped: boolean };
  /** Encrypts and sends one message; returns false when the connection is gone. */
  transmit(msgId: bigint, seqNo: number, body: Uint8Array): boolean;
  /** Whether a connection is ready to carry messages. */
  ready(): boolean;
}

export class Outbox {
  private queue: OutgoingMessage[] = [];
  private scheduled = false;

  constructor(private readonly deps: OutboxDeps) {}

  get length(): number {
    return this.queue.length;
  }

  /** Queues a message and schedules a flush on the next microtask (so same-tick calls share a container). */
  push(message: OutgoingMessage, front = false): void {
    if (front) this.queue.unshift(message);
    else this.queue.push(message);
    this.schedule();
  }

  /** Removes a still-queued request (cancelled before it left). */
  drop(req: PendingRequest): void {
    this.queue = this.queue.filter((m) => m.request !== req);
  }

  /** Forgets requests that settled while queued (after a mass rejection). */
  pruneSettled(): void {
    this.queue = this.queue.filter((m) => !m.request?.settled);
  }

  /** Forgets non-request messages (they belong to a dead connection) and keeps queued requests. */
  dropServiceMessages(): void {
    this.queue = this.queue.filter((m) => m.request !== undefined);
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends everything queued (and pending acks) while a connection is ready. */
  flush(): void {
    while (this.deps.ready() && (this.queue.length > 0 || this.deps.acks.pending > 0)) {
      if (!this.sendBatch()) return;
    }
  }

  private sendBatch(): boolean {
    const { ids, pending } = this.deps;
    const seq = this.deps.seqNo();
    const batch: ContainerMessage[] = [];
    const requests: Array<{ req: PendingRequest; wrapped: boolean; msgId: bigint }> = [];
    const sentHooks: Array<{ hook: (id: bigint) => void; id: bigint }> = [];
    let bytes = CONTAINER_HEADER_SIZE;

    const ackIds = this.deps.acks.take();
    if (ackIds.length > 0) {
      const body = encodeMsgsAck(ackIds);
      batch.push({ msgId: ids.next(), seqNo: seq.next(false), body });
      bytes += CONTAINER_ENTRY_OVERHEAD + body.length;
    }
    while (this.queue.length > 0 && batch.length < MAX_CONTAINER_MESSAGES) {
      const next = this.queue[0]!;
      if (next.request?.settled) {
        this.queue.shift();
        continue;
      }
      const built = next.request ? this.deps.requestBody(next.request) : { body: next.body!, wrapped: false };
      const size = CONTAINER_ENTRY_OVERHEAD + built.body.length;
      // a message that must travel alone, or does not fit, waits for the next packet
      if (batch.length > 0 && (next.alone || bytes + size > MAX_CONTAINER_BYTES)) break;
      this.queue.shift();
      const msgId = ids.next();
      batch.push({ msgId, seqNo: seq.next(next.contentRelated), body: built.body });
      bytes += size;
      if (next.request) requests.push({ req: next.request, wrapped: built.wrapped, msgId });
      if (next.onSent) sentHooks.push({ hook: next.onSent, id: msgId });
      if (next.alone) break;
    }
    if (batch.length === 0) return true;

    let ok: boolean;
    if (batch.length === 1) {
      const only = batch[0]!;
      ok = this.deps.transmit(only.msgId, only.seqNo, only.body);
    } else {
      const containerId = ids.next();
      ok = this.deps.transmit(containerId, seq.next(false), packContainer(batch));
      // record even on failure: the reconnect path then treats them as unacknowledged and resends
      for (const { req, wrapped, msgId } of requests) pending.sent(req, msgId, wrapped);
      pending.container(containerId, batch.map((m) => m.msgId));
      requests.length = 0;
    }
    for (const { req, wrapped, msgId } of requests) pending.sent(req, msgId, wrapped);
    for (const { hook, id } of sentHooks) hook(id);
    return ok;
  }
}
