/**
 * Keepalive: every interval, `ping_delay_disconnect` (the server drops the connection if it hears
 * nothing for `disconnect_delay`). A ping still unanswered when the next one is due means the
 * connection is dead. https://core.telegram.org/mtproto/service_messages#deferred-connection-closure--ping
 * @module
 */
import type { MtprotoClock } from '../clock.js';

export class PingLoop {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiting = false;
  private generation = 0;

  /**
   * @param ping sends one ping; resolves on pong, rejects if the connection went away.
   * @param onDead called when a pong did not arrive within one interval.
   * @param onTick periodic housekeeping (salt rotation) piggy-backing on the same timer.
   */
  constructor(
    private readonly clock: MtprotoClock,
    readonly intervalMs: number,
    private readonly ping: () => Promise<unknown>,
    private readonly onDead: () => void,
    private readonly onTick: () => void,
  ) {}

  /** Seconds the server waits before dropping a silent connection. */
  get disconnectDelaySeconds(): number {
    return Math.ceil((this.intervalMs + 15_000) / 1000);
  }

  start(): void {
    this.stop();
    this.schedule();
  }

  stop(): void {
    this.generation++;
    this.waiting = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => this.tick(), this.intervalMs);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.waiting) {
      this.stop();
      this.onDead();
      return;
    }
    const generation = this.generation;
    this.waiting = true;
    this.ping().then(
      () => {
        if (generation === this.generation) this.waiting = false;
      },
      () => undefined,
    );
    this.onTick();
    this.schedule();
  }
}
