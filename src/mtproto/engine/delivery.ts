/**
 * Exactly once, client side (docs/design/contracts.md §5). A request keeps its msg_id, seqno
 * and bytes for life. After a reconnect on the same key and session, a copy the server never
 * acknowledged is sent again under its original msg_id while that id is inside the server's
 * window (the server drops a duplicate, or re-sends its stored answer); and the state of every
 * request in flight is asked with msgs_state_req, answers the server already has are asked for
 * with msg_resend_ans_req. A request moves to a new msg_id only when the server says it never
 * received it (state 2 or 3) or ignored that copy (bad_server_salt, bad_msg_notification).
 * Where the outcome cannot be known (state 1, a lost session, a replaced key) the call rejects
 * with {@link OutcomeUnknownError}; it is never run again silently.
 * https://core.telegram.org/mtproto/description#message-identifier-msg-id,
 * https://core.telegram.org/mtproto/service_messages_about_messages
 * @module
 */
import { ClosedError, OutcomeUnknownError } from '../../errors.js';
import { encodeMt } from '../../tl/codec.js';
import { read$Any as readMtAny } from '../../tl/generated/mt/read.js';
import { Reader } from '../../tl/runtime/reader.js';
import type { MtprotoLogger } from '../clock.js';
import type { SessionState } from '../connection/session-state.js';
import { msgIdToSeconds } from '../message-id.js';
import { MtprotoError } from '../errors.js';
import { MAX_IDS_PER_ACK } from './acks.js';
import type { Outbox } from './outbox.js';
import { newRequest } from './pending.js';
import type { PendingRequest, PendingTable } from './pending.js';

/**
 * A copy goes again under its original id while that id is younger than this (seconds): the
 * server accepts ids up to 300 s old; the rest is left for clock error and the trip.
 */
export const RESEND_WINDOW_SECONDS = 240;
/** ...and while it is not further ahead of the server's clock than this (the server allows 30 s). */
const RESEND_FUTURE_SECONDS = 25;

/** msgs_state_info status bits (low three bits: 1 unknown, 2 not received, 3 not yet received, 4 received). */
const RECEIVED = 4;
const ANSWER_GENERATED = 64;

/** The answer to a state query: the `info` bytes of msgs_state_info. */
function decodeStateInfo(result: Uint8Array): Uint8Array {
  const info = readMtAny(new Reader(result));
  if (info?._ !== 'msgs_state_info') throw new MtprotoError('bad-message', 'msgs_state_info', 'unexpected answer to a state query');
  return info.info;
}

/** Decides how each request in flight reaches the server exactly once. */
export class Delivery {
  constructor(
    private readonly pending: PendingTable,
    private readonly outbox: Outbox,
    private readonly state: SessionState,
    private readonly logger: MtprotoLogger | undefined,
  ) {}

  /** Whether a copy under `msgId` would still be accepted by the server. */
  withinWindow(msgId: bigint): boolean {
    const age = this.state.serverNow() - msgIdToSeconds(msgId);
    return age < RESEND_WINDOW_SECONDS && age > -RESEND_FUTURE_SECONDS;
  }

  /** Sends `req` again under a new msg_id (the server never saw it, or ignored its only copy). */
  renew(req: PendingRequest, alone = false): void {
    if (req.settled) return;
    req.msgId = 0n;
    req.status = 'queued';
    req.copies = 0;
    req.answerAsked = false;
    this.outbox.push({ request: req, contentRelated: true, alone }, true);
  }

  /** Sends another copy of `req` under its current msg_id (the server asked for it, or a reconnect). */
  copy(req: PendingRequest): void {
    if (req.settled || req.msgId === 0n) return;
    this.outbox.push({ request: req, contentRelated: true });
  }

  /**
   * The server ignored the copies of `reqs` it names (bad_server_salt, bad_msg_notification
   * 16/17/48/64). A request whose only copy that was: a new id. One sent before under the same
   * id may have arrived then: its state is asked instead.
   */
  ignored(reqs: readonly PendingRequest[], alone = false): void {
    const unsure: PendingRequest[] = [];
    for (const req of reqs) {
      if (req.settled || req.status === 'queued') continue;
      if (req.internal || req.copies <= 1) this.renew(req, alone);
      else unsure.push(req);
    }
    this.askState(unsure);
  }

  /** Asks the server what it knows of `reqs` (msgs_state_req); the answer decides (see {@link apply}). */
  askState(reqs: readonly PendingRequest[]): void {
    this.query('msgs_state_req', reqs.filter((r) => !r.settled && r.msgId !== 0n).map((r) => r.msgId));
  }

  /** Asks the server to send its answers to `reqs` again (msg_resend_ans_req); once per connection each. */
  resendAnswers(reqs: readonly PendingRequest[]): void {
    const ids: bigint[] = [];
    for (const req of reqs) {
      if (req.settled || req.answerAsked || req.msgId === 0n) continue;
      req.answerAsked = true;
      ids.push(req.msgId);
    }
    this.query('msg_resend_ans_req', ids);
  }

  /**
   * Applies what the server knows about our messages `ids` (one `info` byte each).
   * `voluntary` (msgs_all_info): the server was not asked; only "never received" is acted on.
   */
  apply(ids: readonly bigint[], info: Uint8Array, voluntary = false): void {
    const fetch: PendingRequest[] = [];
    const n = Math.min(ids.length, info.length);
    for (let i = 0; i < n; i++) {
      const req = this.pending.get(ids[i]!);
      if (!req || req.msgId !== ids[i] || req.settled) continue;
      const bits = info[i]!;
      const status = bits & 7;
      if (status === RECEIVED) {
        if (req.status === 'sent') req.status = 'acked';
        if ((bits & ANSWER_GENERATED) !== 0 && !voluntary) fetch.push(req);
      } else if (status === 2 || status === 3) {
        this.renew(req); // the server certainly does not have it
      } else if (status === 1 && !voluntary) {
        this.unknown(req, 'the server no longer knows the message (msgs_state_info 1)');
      }
    }
    this.resendAnswers(fetch);
  }

  /**
   * After a reconnect on the same key and session: copies the server never acknowledged go again
   * under their ids while those are valid, and the state of everything in flight is asked.
   * (Internal requests of the old connection were dropped with it.)
   */
  resume(): void {
    this.outbox.dropCopies();
    const inFlight: PendingRequest[] = [];
    for (const req of this.pending.list()) {
      if (req.status === 'queued' || req.internal) continue;
      req.answerAsked = false;
      inFlight.push(req);
    }
    inFlight.sort((a, b) => (a.msgId < b.msgId ? -1 : a.msgId > b.msgId ? 1 : 0));
    for (const req of inFlight) if (req.status === 'sent' && this.withinWindow(req.msgId)) this.copy(req);
    this.askState(inFlight);
  }

  /**
   * The session is new (a new key, a new session id): nothing sent in the old one can be answered
   * in it. Calls in flight reject with {@link OutcomeUnknownError}, except `keep` (the server
   * certainly ignored them: they go again); requests that never left get a new id when they do.
   */
  restart(reason: string, keep: ReadonlySet<PendingRequest> = new Set()): void {
    this.outbox.dropCopies();
    for (const req of this.pending.list()) {
      if (req.status === 'queued') {
        if (req.copies === 0) req.msgId = 0n;
      } else if (req.internal) {
        this.pending.reject(req, new ClosedError(`session restarted: ${reason}`));
      } else if (keep.has(req)) {
        this.renew(req);
      } else {
        this.unknown(req, reason);
      }
    }
  }

  /**
   * new_session_created: the server started a session at its message `firstMsgId`.
   * - It had confirmed this session before (`known`): it lost it. Requests first carried before
   *   `firstMsgId` may or may not have run there: their outcome is unknown.
   * - Otherwise this is the session's first notice: nothing ran in an earlier instance of it.
   *   A request whose latest copy came before `firstMsgId` never reached the session and goes
   *   again under a new id (the new session refuses ids below its first); one whose copy is in
   *   the session gets its answer there.
   */
  sessionCreated(firstMsgId: bigint, known: boolean): void {
    for (const req of this.pending.list()) {
      if (req.status === 'queued' || req.settled || req.firstPacketId >= firstMsgId) continue;
      if (req.internal) this.renew(req);
      else if (known) this.unknown(req, 'the server started a new session');
      else if (req.lastPacketId < firstMsgId) this.renew(req);
    }
  }

  private unknown(req: PendingRequest, reason: string): void {
    this.logger?.warn(`tgts/mtproto: outcome of ${req.method} unknown: ${reason}`);
    this.pending.reject(req, new OutcomeUnknownError(req.method, reason, req.request ? { request: req.request } : undefined));
  }

  /** Sends a state query (or answer re-request) about `ids`; its msgs_state_info is applied when it comes. */
  private query(kind: 'msgs_state_req' | 'msg_resend_ans_req', ids: readonly bigint[]): void {
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_ACK) {
      const chunk = ids.slice(i, i + MAX_IDS_PER_ACK);
      const req = newRequest({ method: kind, body: encodeMt({ _: kind, msgIds: chunk }), decode: decodeStateInfo, internal: true });
      req.resolve = (info) => this.apply(chunk, info as Uint8Array);
      req.reject = (err) => this.logger?.debug(`tgts/mtproto: ${kind} got no answer`, err);
      this.pending.add(req);
      this.outbox.push({ request: req, contentRelated: true });
    }
  }
}
