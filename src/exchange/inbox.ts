/**
 * Turns a connection's packet callback into `await inbox.next()` for the step-by-step exchange,
 * folding connection close, cancellation and the overall deadline into one rejection.
 */
import type { PacketConnection } from '../transport/types.js';
import { ClosedError } from '../errors.js';

/** What the exchange needs from a connection. */
export type ExchangeConnection = Pick<PacketConnection, 'send' | 'onPacket' | 'onClose' | 'closed'>;

export class PacketInbox {
  #queue: Uint8Array[] = [];
  #waiter: { resolve: (p: Uint8Array) => void; reject: (e: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(conn: ExchangeConnection) {
    conn.onPacket((packet) => this.#push(packet));
    conn.onClose((err) => this.fail(new ClosedError('connection closed during the auth key exchange', err ? { cause: err } : undefined)));
  }

  #push(packet: Uint8Array): void {
    if (this.#failure) return;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve(packet);
    } else if (this.#queue.length < 16) {
      this.#queue.push(packet);
    } else {
      // a peer flooding unsolicited packets during the exchange is broken or hostile
      this.fail(new ClosedError('peer sent too many unsolicited packets during the auth key exchange'));
    }
  }

  /** Rejects the pending and every later `next()` with `err` (first failure wins). */
  fail(err: Error): void {
    if (this.#failure) return;
    this.#failure = err;
    this.#queue = [];
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.reject(err);
  }

  /** The next packet, in arrival order. */
  next(): Promise<Uint8Array> {
    if (this.#failure) return Promise.reject(this.#failure);
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }
}
