/**
 * The table of requests the session has accepted and not yet settled.
 * Each request settles exactly once; every msg_id it was ever sent under keeps pointing at it
 * until then, so a late answer to an earlier copy still resolves it.
 * @module
 */

import type { AnyRequest } from '../../tl/index.js';
import type { InflateBudget } from '../../tl/runtime/reader.js';

/** Where a request is in its life: waiting to leave, sent, or known to be received (acknowledged). */
export type PendingStatus = 'queued' | 'sent' | 'acked';

/**
 * One request in flight. Once it leaves it keeps its msg_id, seqno and bytes: a copy sent again
 * after a reconnect is byte-identical, so the server recognises it and never runs it twice. It
 * moves to a new msg_id only when the server says it ignored or never received it.
 */
export interface PendingRequest {
  /** TL method name (of the inner query when wrapped) for result decoding and errors. */
  readonly method: string;
  /** Serialised request without any wrapper. */
  readonly body: Uint8Array;
  /**
   * Decodes the `result` of rpc_result (or a bare service answer); gets the request too, so one
   * shared function serves every call, and the inflate budget of the packet it came in.
   */
  readonly decode: (result: Uint8Array, req: PendingRequest, budget?: InflateBudget) => unknown;
  /** A service request of the session itself (ping, state queries…): never reported as an unknown outcome. */
  readonly internal: boolean;
  /** The API request itself, when it may get the invokeWithLayer/initConnection wrapper as the first call of a connection. */
  readonly request: AnyRequest | undefined;
  /** Builds the body for a given msg_id when the body names its own msg_id (auth.bindTempAuthKey). */
  readonly build: ((msgId: bigint) => Uint8Array) | undefined;
  /** Leaves even while the outbox holds everything else back (the PFS bind on a new key). */
  readonly urgent: boolean;
  status: PendingStatus;
  /** Current msg_id (0n until it first leaves). */
  msgId: bigint;
  /** seqno it travels with under {@link msgId}. */
  seqNo: number;
  /** The bytes sent under {@link msgId} (wrapper included). */
  wire: Uint8Array | undefined;
  /** Copies that left under {@link msgId}. */
  copies: number;
  /** Id of the packet (its container, or the message itself) that first carried {@link msgId}. */
  firstPacketId: bigint;
  /** Id of the packet that carried the latest copy. */
  lastPacketId: bigint;
  /** Its answer was asked for again (msg_resend_ans_req) on the current connection. */
  answerAsked: boolean;
  /** Every msg_id this request was sent under (a late answer to an earlier one still counts). */
  readonly msgIds: bigint[];
  /** Settles the request; the table calls it once (set right after the record is made). */
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  /** Releases listeners; called once on settle. */
  cleanup?: (() => void) | undefined;
  settled: boolean;
  /** Absolute expiry time (clock ms) while a deadline applies; see deadlines.ts. */
  deadline?: number | undefined;
  /** The call's time budget, ms (for the TimeoutError message). */
  timeoutMs?: number | undefined;
  /** Slot in the engine's deadline heap (deadlines.ts). */
  deadlineSlot?: number | undefined;
}

function settleLater(): void {
  throw new Error('settled before the promise existed');
}

/** What a new record needs; everything else starts empty. */
export interface NewRequest {
  method: string;
  body: Uint8Array;
  decode: (result: Uint8Array, req: PendingRequest, budget?: InflateBudget) => unknown;
  internal?: boolean;
  request?: AnyRequest;
  build?: (msgId: bigint) => Uint8Array;
  urgent?: boolean;
}

/** A pending request record; every field is set here so all records share one shape. */
export function newRequest(init: NewRequest): PendingRequest {
  return {
    method: init.method,
    body: init.body,
    decode: init.decode,
    internal: init.internal ?? false,
    request: init.request,
    build: init.build,
    urgent: init.urgent ?? false,
    status: 'queued',
    msgId: 0n,
    seqNo: 0,
    wire: undefined,
    copies: 0,
    firstPacketId: 0n,
    lastPacketId: 0n,
    answerAsked: false,
    msgIds: [],
    resolve: settleLater,
    reject: settleLater,
    cleanup: undefined,
    settled: false,
    deadline: undefined,
    timeoutMs: undefined,
    deadlineSlot: undefined,
  };
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
  /** Container id(s) of each request msg_id that travelled in one (several once a copy is resent). */
  private readonly containerOf = new Map<bigint, bigint | bigint[]>();
  private readonly maxContainers: number;
  private internalCount = 0;

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
    if (req.internal) this.internalCount++;
  }

  /** Gives `req` its msg_id (and seqno and bytes) for its first copy under that id. */
  assign(req: PendingRequest, msgId: bigint, seqNo: number, wire: Uint8Array): void {
    req.msgId = msgId;
    req.seqNo = seqNo;
    req.wire = wire;
    req.copies = 0;
    req.firstPacketId = 0n;
    req.lastPacketId = 0n;
    req.msgIds.push(msgId);
    this.byMsgId.set(msgId, req);
    if (req.msgIds.length > MAX_ALIASES) this.forgetAlias(req.msgIds.shift()!, req);
  }

  /** Records that a copy of `req` left in packet `packetId` (its container, or itself). */
  sent(req: PendingRequest, packetId: bigint): void {
    if (req.copies++ === 0) req.firstPacketId = packetId;
    req.lastPacketId = packetId;
    if (req.status === 'queued') req.status = 'sent';
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
      const known = this.containerOf.get(id);
      if (known === undefined) this.containerOf.set(id, containerId);
      else if (typeof known === 'bigint') this.containerOf.set(id, [known, containerId]);
      else known.push(containerId);
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

  /** Unsettled requests that are not internal (the caller-visible calls). */
  get callCount(): number {
    return this.all.size - this.internalCount;
  }

  /** Marks `msgId`'s request as acknowledged by the server. */
  ack(msgId: bigint): void {
    const r = this.byMsgId.get(msgId);
    if (r && r.status === 'sent' && r.msgId === msgId) r.status = 'acked';
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
    if (req.internal) this.internalCount--;
    for (const id of req.msgIds) this.forgetAlias(id, req);
    this.onSettle?.(req);
    req.cleanup?.();
    return true;
  }

  /** Unlinks one msg_id of `req`; its container is forgotten once nothing in it is pending. */
  private forgetAlias(msgId: bigint, req: PendingRequest): void {
    if (this.byMsgId.get(msgId) !== req) return;
    this.byMsgId.delete(msgId);
    const known = this.containerOf.get(msgId);
    if (known === undefined) return;
    this.containerOf.delete(msgId);
    if (typeof known === 'bigint') this.release(known);
    else for (const id of known) this.release(id);
  }

  /** One inner id of container `containerId` no longer points at a pending request. */
  private release(containerId: bigint): void {
    const c = this.containers.get(containerId);
    if (c && --c.live <= 0) this.containers.delete(containerId);
  }

  private dropContainer(containerId: bigint): void {
    const c = this.containers.get(containerId);
    if (!c) return;
    this.containers.delete(containerId);
    for (const id of c.ids) {
      const known = this.containerOf.get(id);
      if (known === containerId) this.containerOf.delete(id);
      else if (Array.isArray(known)) {
        const rest = known.filter((k) => k !== containerId);
        this.containerOf.set(id, rest.length === 1 ? rest[0]! : rest);
      }
    }
  }
}
