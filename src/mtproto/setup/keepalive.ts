/**
 * What keeps a ready connection healthy: `ping_delay_disconnect` every interval (the server
 * drops a silent connection after `disconnect_delay`; a ping still unanswered when the next one
 * is due means the connection is dead: the link is closed and the connector reconnects) and, on
 * the same timer, salt rotation and `get_future_salts` before the known salts run out. On the
 * HTTP transport the server only answers requests, so whenever the connection goes idle an
 * `http_wait` long poll goes out for whatever the server has to send.
 * https://core.telegram.org/mtproto/service_messages#deferred-connection-closure--ping,
 * https://core.telegram.org/mtproto/transports#http
 * @module
 */
import { randomBytes } from '../../crypto/index.js';
import { encodeMt } from '../../tl/codec.js';
import { read$Any as readMtAny } from '../../tl/generated/mt/read.js';
import type { mt } from '../../tl/index.js';
import { Reader } from '../../tl/runtime/reader.js';
import { TransportError } from '../../transport/index.js';
import type { MtprotoClock, MtprotoLogger } from '../clock.js';
import type { Link } from '../connection/link.js';
import type { SessionState } from '../connection/session-state.js';
import type { RequestEngine } from '../engine/engine.js';
import { newRequest } from '../engine/pending.js';
import { MtprotoError } from '../errors.js';

/** Longest an HTTP long poll (`http_wait.max_wait`) waits for something to answer with, ms. */
const HTTP_WAIT_MS = 25_000;
const HTTP_WAIT = encodeMt({ _: 'http_wait', maxDelay: 0, waitAfter: 0, maxWait: HTTP_WAIT_MS });

function randomLong(): bigint {
  return new DataView(randomBytes(8).buffer).getBigInt64(0, true);
}

/** A bare service answer read with the generated mt codec (pong, future_salts). */
function readServiceAnswer(result: Uint8Array): unknown {
  const answer = readMtAny(new Reader(result));
  if (answer === undefined) throw new MtprotoError('bad-message', 'answer', 'not a service message');
  return answer;
}

export class Keepalive {
  private link: Link | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A ping is out and unanswered. */
  private waiting = false;
  /** Bumped on stop: the answer to a ping of an earlier link does not count. */
  private generation = 0;
  private saltsRequested = false;

  constructor(
    private readonly clock: MtprotoClock,
    private readonly engine: RequestEngine,
    private readonly state: SessionState,
    private readonly intervalMs: number,
    private readonly logger: MtprotoLogger | undefined,
  ) {}

  /** Seconds the server waits before dropping a silent connection. */
  get disconnectDelaySeconds(): number {
    return Math.ceil((this.intervalMs + 15_000) / 1000);
  }

  /** Starts on a ready link. */
  start(link: Link): void {
    this.stop();
    this.link = link;
    this.timer = this.clock.setTimeout(() => this.tick(), this.intervalMs);
    // not content-related: it needs no acknowledgement (https://core.telegram.org/mtproto/description#message-sequence-number-msg-seqno)
    link.conn.onIdle?.(() => {
      if (this.link === link) this.engine.outbox.push({ body: HTTP_WAIT, contentRelated: false });
    });
  }

  stop(): void {
    this.generation++;
    this.waiting = false;
    this.link = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    const link = this.link;
    if (!link) return;
    if (this.waiting) {
      this.stop();
      this.logger?.warn('tgts/mtproto: no pong within the ping interval, reconnecting');
      link.close(new TransportError('timeout', 'no pong within the ping interval'));
      return;
    }
    this.ping();
    this.housekeeping();
    this.timer = this.clock.setTimeout(() => this.tick(), this.intervalMs);
  }

  private ping(): void {
    const generation = this.generation;
    this.waiting = true;
    const body = encodeMt({ _: 'ping_delay_disconnect', pingId: randomLong(), disconnectDelay: this.disconnectDelaySeconds });
    this.engine.submit(newRequest({ method: 'ping_delay_disconnect', body, decode: readServiceAnswer, internal: true }), {}).then(
      () => {
        if (generation === this.generation) this.waiting = false;
      },
      () => undefined, // the link went away: the next start begins afresh
    );
  }

  private housekeeping(): void {
    this.state.rotateSalt();
    if (this.saltsRequested || !this.state.salts.needsRefresh(this.state.serverNow())) return;
    this.saltsRequested = true;
    const body = encodeMt({ _: 'get_future_salts', num: 32 });
    this.engine
      .submit(newRequest({ method: 'get_future_salts', body, decode: readServiceAnswer, internal: true }), {})
      .then((answer) => {
        const salts = answer as mt.AnyObject;
        if (salts._ !== 'future_salts') throw new MtprotoError('bad-message', 'future_salts', 'unexpected answer');
        this.state.salts.addFuture(salts.salts);
        this.state.rotateSalt();
      })
      .catch((err: unknown) => this.logger?.debug('tgts/mtproto: get_future_salts failed', err))
      .finally(() => (this.saltsRequested = false));
  }
}
