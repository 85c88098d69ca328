/**
 * What keeps a ready connection healthy: `ping_delay_disconnect` every interval (a missing pong
 * closes the link, and the connector reconnects) and, on the same timer, salt rotation and
 * `get_future_salts` before the known salts run out.
 * https://core.telegram.org/mtproto/service_messages#deferred-connection-closure--ping
 * @module
 */
import { randomBytes } from '../../crypto/index.js';
import { encodeMt } from '../../tl/codec.js';
import { read$Any as readMtAny } from '../../tl/generated/mt/read.js';
import { Reader } from '../../tl/runtime/reader.js';
import type { mt } from '../../tl/index.js';
import { TransportError } from '../../transport/index.js';
import type { MtprotoClock, MtprotoLogger } from '../clock.js';
import type { Link } from '../connection/link.js';
import type { SessionState } from '../connection/session-state.js';
import type { RequestEngine } from '../engine/engine.js';
import { newRequest } from '../engine/pending.js';
import { MtprotoError } from '../errors.js';
import { PingLoop } from './ping-loop.js';

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
  private readonly loop: PingLoop;
  private link: Link | undefined;
  private saltsRequested = false;

  constructor(
    private readonly clock: MtprotoClock,
    private readonly engine: RequestEngine,
    private readonly state: SessionState,
    intervalMs: number,
    private readonly logger: MtprotoLogger | undefined,
  ) {
    this.loop = new PingLoop(
      clock,
      intervalMs,
      () => this.ping(),
      () => {
        this.logger?.warn('tgts/mtproto: no pong within the ping interval, reconnecting');
        this.link?.close(new TransportError('timeout', 'no pong within the ping interval'));
      },
      () => this.housekeeping(),
    );
  }

  /** Starts on a ready link. */
  start(link: Link): void {
    this.link = link;
    this.loop.start();
  }

  stop(): void {
    this.link = undefined;
    this.loop.stop();
  }

  private ping(): Promise<unknown> {
    const body = encodeMt({ _: 'ping_delay_disconnect', pingId: randomLong(), disconnectDelay: this.loop.disconnectDelaySeconds });
    return this.engine.submit(newRequest({ method: 'ping_delay_disconnect', body, decode: readServiceAnswer, internal: true }), {});
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
