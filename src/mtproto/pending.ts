/**
 * The table of requests the session has accepted and not yet settled.
 * Each request settles exactly once; every msg_id it was ever sent under keeps pointing at it
 * until then, so a late answer to an earlier copy still resolves it.
 * @module
 */

/** Where a request is in its life. */
export type PendingStatus = 'queued' | 'sent' | 'acked';

/** One request in flight. */
export interface PendingRequest {
  /** TL method name (of the inner query when wrapped) for result decoding and errors. */
  readonly method: string;
  /** Serialised request without any wrapper. */
  readonly body: Uint8Array;
  /** Decodes the `result` of rpc_result (or a bare service answer). */
  readonly decode: (result: Uint8Array) => unknown;
  /** Internal service requests (ping, get_future_salts) are dropped, not resent, on reconnect. */
  readonly internal: boolean;
  status: PendingStatus;
  /** Current msg_id (0n while queued). */
  msgId: bigint;
  /** Every msg_id this request was sent under. */
  readonly msgIds: bigint[];
  /** Sent with the invokeWithLayer/initConnection wrapper on its current msg_id. */
  wrapped: boolean;
  /** Settles the request; the table calls it once. */
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  /** Releases timers and listeners; called once on settle. */
  cleanup?: () => void;
  settled: boolean;
}

/** Most msg_ids remembered per request (older aliases are forgotten). */
const MAX_ALIASES = 8;

/** Requests by msg_id plus the containers they travelled in. */
export class PendingTable {
  private readonly all = new Set<PendingRequest>();
  private readonly byMsgId = new Map<bigint, PendingRequest>();
  private readonly containers = new Map<bigint, bigint[]>();
  private readonly maxContainers: number;

  constructor(maxContainers = 4096) {
    this.maxContainers = maxContainers;
  }

  get size(): number {
    return this.all.size;
  }

  add(req: PendingRequest): void {
    this.all.add(req);
  }

  /** Records that `req` went out under `msgId`. */
  sent(req: PendingRequest, msgId: bigint, wrapped: boolean): void {
    req.msgId = msgId;
    req.status = 'sent';
    req.wrapped = wrapped;
    req.msgIds.push(msgId);
    this.byMsgId.set(msgId, req);
    if (req.msgIds.length > MAX_ALIASES) this.byMsgId.delete(req.msgIds.shift()!);
  }

  /** Remembers the inner ids of a container we sent (bounded; oldest forgotten first). */
  container(containerId: bigint, innerIds: bigint[]): void {
    this.containers.set(containerId, innerIds);
    if (this.containers.size > this.maxContainers) this.containers.delete(this.containers.keys().next().value!);
  }

  /** Inner ids of a container we sent, or undefined. */
  containerIds(msgId: bigint): bigint[] | undefined {
    return this.containers.get(msgId);
  }

  /** The request sent under `msgId` (any of its aliases). */
  get(msgId: bigint): PendingRequest | undefined {
    return this.byMsgId.get(msgId);
  }

  /** Requests referenced by ids, expanding our containers to what they carried. */
  resolveIds(ids: Iterable<bigint>): PendingRequest[] {
    const out = new Set<PendingRequest>();
    for (const id of ids) {
      const inner = this.containers.get(id);
      if (inner) for (const i of inner) {
        const r = this.byMsgId.get(i);
        if (r) out.add(r);
      }
      const r = this.byMsgId.get(id);
      if (r) out.add(r);
    }
    return [...out];
  }

  /** Every unsettled request. */
  list(): PendingRequest[] {
    return [...this.all];
  }

  /** Marks `msgId`'s request as acknowledged by the server. */
  ack(msgId: bigint): void {
    const r = this.byMsgId.get(msgId);
    if (r && r.status === 'sent' && r.msgId === msgId) r.status = 'acked';
  }

  /** Forgets container bookkeeping (after a reconnect every request gets fresh ids). */
  clearContainers(): void {
    this.containers.clear();
  }

  /** Removes `req` and settles it with a value. Returns false if it was already settled. */
  resolve(req: PendingRequest, value: unknown): boolean {
    if (!this.remove(req)) return false;
    req.resolve(value);
    return true;
  }

  /** Removes `req` and rejects it. Returns false if it was already settled. */
  reject(req: PendingRequest, err: Error): boolean {
    if (!this.remove(req)) return false;
    req.reject(err);
    return true;
  }

  private remove(req: PendingRequest): boolean {
    if (req.settled) return false;
    req.settled = true;
    this.all.delete(req);
    for (const id of req.msgIds) if (this.byMsgId.get(id) === req) this.byMsgId.delete(id);
    req.cleanup?.();
    return true;
  }
}
