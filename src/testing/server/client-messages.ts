/**
 * What the server remembers about a session's client messages: each msg_id's state and, once a
 * query is answered, its encoded `rpc_result`, so a duplicate msg_id is never executed again (an
 * answered one gets the stored answer re-sent) and `msgs_state_req` / `msg_resend_ans_req` can be
 * answered (https://core.telegram.org/mtproto/service_messages_about_messages).
 *
 * The memory is bounded per auth key, never globally: every session of a key draws on one
 * {@link KeyMessageBudget}, and past it the key's oldest entries are forgotten — so another key's
 * traffic can never evict this key's entries. A forgotten msg_id raises the session's
 * `forgottenUpTo` mark: a later duplicate at or below it is still refused, never executed.
 * @module
 */

/** State of one client message. */
export type ClientMessageStatus = 'received' | 'processing' | 'answered' | 'dropped';

/** One remembered client message. */
export interface ClientMessage {
  readonly msgId: bigint;
  /** The message is an RPC query. */
  readonly rpc: boolean;
  /** Content-related (needed an acknowledgement). */
  readonly content: boolean;
  status: ClientMessageStatus;
  /** The `rpc_result` body sent as the answer (kept to re-send it). */
  answer?: Uint8Array;
  /** msg_id of the message that carried the answer. */
  answerMsgId?: bigint;
  /** The client acknowledged the answer. */
  answerAcked?: boolean;
  /** Settles when the query's handler has settled (for invokeAfterMsg); made only when someone waits. */
  done?: Promise<void>;
  /** Resolves `done`. */
  settle?: () => void;
}

/** Bounds of one auth key's remembered messages (all its sessions together). */
export const KEY_MESSAGE_LIMITS = {
  /** Client messages remembered per auth key. */
  messages: 4096,
  /** Bytes of stored answers per auth key. */
  answerBytes: 2 * 1024 * 1024,
} as const;

/** The shared budget of one auth key; entries are forgotten oldest first across its sessions. */
export class KeyMessageBudget {
  /** Insertion order of the key's entries; entries already forgotten are skipped lazily. */
  private order: Array<{ table: ClientMessages; msgId: bigint }> = [];
  private head = 0;
  private count = 0;
  private bytes = 0;

  constructor(private readonly limits: { messages: number; answerBytes: number } = KEY_MESSAGE_LIMITS) {}

  /** @internal Called by a table for a new entry. */
  added(table: ClientMessages, msgId: bigint): void {
    this.order.push({ table, msgId });
    this.count++;
    this.trim();
  }

  /** @internal Called when an entry's answer is stored. */
  grew(bytes: number): void {
    this.bytes += bytes;
    this.trim();
  }

  /** @internal Called when a table dropped an entry itself (its session was destroyed). */
  released(entries: number, bytes: number): void {
    this.count -= entries;
    this.bytes -= bytes;
  }

  /** Remembered entries of the key. */
  get entries(): number {
    return this.count;
  }

  /** Bytes of stored answers of the key. */
  get answerBytes(): number {
    return this.bytes;
  }

  private trim(): void {
    while ((this.count > this.limits.messages || this.bytes > this.limits.answerBytes) && this.head < this.order.length) {
      const oldest = this.order[this.head++]!;
      const freed = oldest.table.forget(oldest.msgId);
      if (freed !== undefined) {
        this.count--;
        this.bytes -= freed;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}

/** The remembered client messages of one session. */
export class ClientMessages {
  private readonly byId = new Map<bigint, ClientMessage>();
  /** Largest msg_id forgotten to keep within the budget: duplicates at or below it are refused. */
  forgottenUpTo: bigint | undefined;
  /** msg_ids forgotten since the last {@link drainForgotten} (so the durable copy forgets them too). */
  private forgottenSince: bigint[] = [];
  private trackForgotten = false;

  constructor(private readonly budget: KeyMessageBudget) {}

  get(msgId: bigint): ClientMessage | undefined {
    return this.byId.get(msgId);
  }

  /** Remembers a new client message (an existing entry is left as it is and returned). */
  add(msgId: bigint, rpc: boolean, content: boolean, status: ClientMessageStatus): ClientMessage {
    const known = this.byId.get(msgId);
    if (known) return known;
    const entry: ClientMessage = { msgId, rpc, content, status };
    this.byId.set(msgId, entry);
    this.budget.added(this, msgId);
    return entry;
  }

  /** Stores the answer of a query (its `rpc_result` body) as sent in message `answerMsgId`. */
  answered(entry: ClientMessage, answer: Uint8Array, answerMsgId: bigint): void {
    entry.status = 'answered';
    entry.answerMsgId = answerMsgId;
    if (this.byId.get(entry.msgId) !== entry) return; // forgotten meanwhile: nothing to store
    const before = entry.answer?.length ?? 0;
    entry.answer = answer;
    this.budget.grew(answer.length - before);
  }

  /** Loads an answer stored before a restart (not counted as new work for the durable copy). */
  restore(msgId: bigint, answer: Uint8Array): void {
    const entry = this.add(msgId, true, true, 'answered');
    entry.answer = answer;
    this.budget.grew(answer.length);
  }

  /** Whether `msgId` is at or below the forgotten mark (known once, no longer remembered). */
  isForgotten(msgId: bigint): boolean {
    return this.forgottenUpTo !== undefined && msgId <= this.forgottenUpTo;
  }

  /** The smallest msg_id still remembered (undefined when empty). */
  oldest(): bigint | undefined {
    return this.byId.keys().next().value as bigint | undefined;
  }

  /** @internal Forgets one entry (budget eviction); returns the answer bytes freed, undefined when absent. */
  forget(msgId: bigint): number | undefined {
    const entry = this.byId.get(msgId);
    if (!entry) return undefined;
    this.byId.delete(msgId);
    entry.settle?.();
    if (this.forgottenUpTo === undefined || msgId > this.forgottenUpTo) this.forgottenUpTo = msgId;
    if (this.trackForgotten) this.forgottenSince.push(msgId);
    return entry.answer?.length ?? 0;
  }

  /** Starts recording forgotten msg_ids for {@link drainForgotten} (with a data directory). */
  recordForgotten(): void {
    this.trackForgotten = true;
  }

  /** msg_ids forgotten since the last call. */
  drainForgotten(): bigint[] {
    const out = this.forgottenSince;
    this.forgottenSince = [];
    return out;
  }

  /** Releases every entry from the key's budget (the session is gone). */
  clear(): void {
    let bytes = 0;
    for (const e of this.byId.values()) {
      bytes += e.answer?.length ?? 0;
      e.settle?.();
    }
    this.budget.released(this.byId.size, bytes);
    this.byId.clear();
  }

  get size(): number {
    return this.byId.size;
  }
}
