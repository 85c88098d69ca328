/**
 * The table of requests the session has accepted and not yet settled.
 * Each request settles exactly once; every msg_id it was ever sent under keeps pointing at it
 * until then, so a late answer to an earlier copy still resolves it.
 * @module
 */

import type { AnyRequest } from '../tl/index.js';
import type { InflateBudget } from '../tl/runtime/reader.js';

/** Where a request is in its life. */
export type PendingStatus = 'queued' | 'sent' | 'acked';

/** One request in flight. */
export interface PendingRequest {
  /** TL method name (of the inner query when wrapped) for result decoding and errors. */
  readonly method: string;
  /** Serialised request without any wrapper. */
  readonly body: Uint8Array;
  /** Decodes the `result` of rpc_result (or a bare service answer); gets the request too, so one shared function serves every call. */
  readonly decode: (result: Uint8Array, req: PendingRequest, budget?: InflateBudget) => unknown;
  /** Internal service requests (ping, get_future_salts) are dropped, not resent, on reconnect. */
  readonly internal: boolean;
  status: PendingStatus;
  /** Current msg_id (0n while queued). */
  msgId: bigint;
  /** Every msg_id this request was sent under. */
  readonly msgIds: bigint[];
  /** Sent with the invokeWithLayer/initConnection wrapper on its current msg_id. */
  wrapped: boolean;
  /** The API request itself, when it gets the invokeWithLayer/initConnection wrapper as the first call of a connection. */
  readonly request?: AnyRequest | undefined;
  /** Settles the request; the table calls it once (set right after the record is made). */
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  /** Releases listeners; called once on settle. */
  cleanup?: () => void;
  settled: boolean;
  /** Absolute expiry time (clock ms) while a timeout applies; see deadlines.ts. */
  deadline?: number | undefined;
  /** The call's timeout, ms (for the TimeoutError message). */
  timeoutMs?: number | undefined;
  /** Slot in the session's deadline heap (deadlines.ts). */
  deadlineSlot?: number | undefined;
}

/** Most msg_ids remembered per request (older aliases are forgotten). */
const MAX_ALIASES = 8;

/** A container we sent, while some request inside it is unsettled. */
interface SentContainer {
  readonly ids: bigint[];
  /** Inner msg_ids still pointing at an unsettled request. */
  live: number;
}

/** Requests by msg_id plus the containers they travelled in. */
export class PendingTable {
  private readonly all = new Set<PendingRequest>();
  private readonly byMsgId = new Map<bigint, PendingRequest>();
  private readonly containers = new Map<bigint, SentContainer>();
  /** Container id of each request msg_id that travelled in one. */
  private readonly containerOf = new Map<bigint, bigint>();
  private readonly maxContainers: number;

  /**
   * @param maxContainers most sent containers remembered at once.
   * @param onSettle told about each request as it leaves the table (the session drops its deadline).
   */
  constructor(maxContainers = 4096, private readonly onSettle?: (req: PendingRequest) => void) {
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
    if (req.msgIds.length > MAX_ALIASES) this.forgetAlias(req.msgIds.shift()!, req);
  }

  /**
   * Remembers the inner ids of a container we sent, until every request inside it has settled
   * (bounded; oldest forgotten first). Call after {@link sent} for its requests: a container
   * carrying no request (only acks and service messages) is not worth remembering.
   */
  container(containerId: bigint, innerIds: bigint[]): void {
    let live = 0;
    for (const id of innerIds) {
      if (!this.byMsgId.has(id)) continue;
      live++;
      this.containerOf.set(id, containerId);
    }
    if (live === 0) return;
    this.containers.set(containerId, { ids: innerIds, live });
    if (this.containers.size > this.maxContainers) this.dropContainer(this.containers.keys().next().value!);
  }

  /** Inner ids of a container we sent (while one of its requests is unsettled), or undefined. */
  containerIds(msgId: bigint): bigint[] | undefined {
    return this.containers.get(msgId)?.ids;
  }

  /** Number of sent containers remembered. */
  get containerCount(): number {
    return this.containers.size;
  }

  /** The request sent under `msgId` (any of its aliases). */
  get(msgId: bigint): PendingRequest | undefined {
    return this.byMsgId.get(msgId);
  }

  /** Requests referenced by ids, expanding our containers to what they carried. */
  resolveIds(ids: Iterable<bigint>): PendingRequest[] {
    const out = new Set<PendingRequest>();
    for (const id of ids) {
      const inner = this.containers.get(id)?.ids;
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
    this.containerOf.clear();
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
    for (const id of req.msgIds) this.forgetAlias(id, req);
    this.onSettle?.(req);
    req.cleanup?.();
    return true;
  }

  /** Unlinks one msg_id of `req`; its container is forgotten once nothing in it is pending. */
  private forgetAlias(msgId: bigint, req: PendingRequest): void {
    if (this.byMsgId.get(msgId) !== req) return;
    this.byMsgId.delete(msgId);
    const containerId = this.containerOf.get(msgId);
    if (containerId === undefined) return;
    this.containerOf.delete(msgId);
    const c = this.containers.get(containerId);
    if (c && --c.live <= 0) this.containers.delete(containerId);
  }

  private dropContainer(containerId: bigint): void {
    const c = this.containers.get(containerId);
    if (!c) return;
    this.containers.delete(containerId);
    for (const id of c.ids) if (this.containerOf.get(id) === containerId) this.containerOf.delete(id);
  }
}
