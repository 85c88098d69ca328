/**
 * Sequential reads over a {@link BytePipe} for handshakes (SOCKS5, CONNECT, WebSocket upgrade,
 * FakeTLS), then a clean hand-off: bytes that arrived past the handshake reach the next layer
 * first, in order.
 * @module
 */
import { ByteQueue } from '../byte-queue.js';
import { ProxyError } from '../errors.js';
import type { ProxyStage } from '../errors.js';
import type { BytePipe, PipeHandlers } from '../pipe.js';

interface Waiter {
  stage: ProxyStage;
  during: string;
  ready(): boolean;
  resolve(): void;
  reject(err: Error): void;
}

/** Reads whole handshake messages from a pipe. One read at a time. */
export class PipeReader {
  private readonly queue = new ByteQueue();
  private waiter: Waiter | undefined;
  private ended = false;
  private endError: Error | undefined;
  private released = false;

  /** `what` names the peer in errors ("SOCKS5 proxy 127.0.0.1:1080"). */
  constructor(
    private readonly pipe: BytePipe,
    private readonly what: string,
  ) {
    pipe.setHandlers({
      data: (chunk) => {
        this.queue.push(chunk);
        this.check();
      },
      end: (err) => {
        this.ended = true;
        this.endError = err;
        this.check();
      },
    });
  }

  /** Bytes buffered and not read yet. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Exactly `n` bytes; a close first is `ProxyError(stage)`. */
  async exactly(n: number, stage: ProxyStage, during: string): Promise<Uint8Array> {
    await this.wait(() => this.queue.length >= n, stage, during);
    return this.queue.take(n).slice();
  }

  /**
   * Everything up to and including `delimiter`, at most `max` bytes (more is
   * `ProxyError('handshake')`: the peer is not speaking the protocol).
   */
  async until(delimiter: Uint8Array, max: number, stage: ProxyStage, during: string): Promise<Uint8Array> {
    let found = -1;
    await this.wait(
      () => {
        found = this.indexOf(delimiter, max);
        if (found < 0 && this.queue.length >= max) {
          throw new ProxyError('handshake', `${this.what}: no end of the ${during} within ${max} bytes`);
        }
        return found >= 0;
      },
      stage,
      during,
    );
    return this.queue.take(found + delimiter.length).slice();
  }

  /**
   * Ends the reading phase: the returned pipe delivers what is still buffered, then everything
   * that arrives later, to whoever sets its handlers next.
   */
  release(): BytePipe {
    this.released = true;
    return new HandOffPipe(this.pipe, this.queue.length > 0 ? this.queue.drain().slice() : undefined, this.ended, this.endError);
  }

  private indexOf(delimiter: Uint8Array, max: number): number {
    const n = Math.min(this.queue.length, max);
    if (n < delimiter.length) return -1;
    const head = this.queue.peek(n);
    outer: for (let i = 0; i + delimiter.length <= n; i++) {
      for (let j = 0; j < delimiter.length; j++) if (head[i + j] !== delimiter[j]) continue outer;
      return i;
    }
    return -1;
  }

  private wait(ready: () => boolean, stage: ProxyStage, during: string): Promise<void> {
    if (this.released) return Promise.reject(new Error('PipeReader: read after release'));
    return new Promise<void>((resolve, reject) => {
      this.waiter = { stage, during, ready, resolve, reject };
      this.check();
    });
  }

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    let ok: boolean;
    try {
      ok = w.ready();
    } catch (err) {
      this.waiter = undefined;
      w.reject(err as Error);
      return;
    }
    if (ok) {
      this.waiter = undefined;
      w.resolve();
    } else if (this.ended) {
      this.waiter = undefined;
      const detail = this.endError ? `: ${this.endError.message}` : '';
      w.reject(
        new ProxyError(w.stage, `${this.what} closed the connection during the ${w.during}${detail}`, {
          ...(this.endError ? { cause: this.endError } : {}),
        }),
      );
    }
  }
}

/** A pipe whose first bytes were already read by a handshake; hands them on before live data. */
class HandOffPipe implements BytePipe {
  readonly type: BytePipe['type'];
  readonly remote: string;
  private handlers: PipeHandlers | undefined;
  private backlog: Uint8Array[] = [];
  private endedWith: { err?: Error } | undefined;
  private endDelivered = false;
  private scheduled = false;

  constructor(
    private readonly inner: BytePipe,
    leftover: Uint8Array | undefined,
    ended: boolean,
    endError: Error | undefined,
  ) {
    this.type = inner.type;
    this.remote = inner.remote;
    if (leftover) this.backlog.push(leftover);
    if (ended) this.endedWith = endError ? { err: endError } : {};
    inner.setHandlers({
      data: (chunk) => {
        if (this.handlers && this.backlog.length === 0 && !this.scheduled) this.handlers.data(chunk);
        else this.backlog.push(chunk);
      },
      end: (err) => {
        this.endedWith = err ? { err } : {};
        if (this.handlers && this.backlog.length === 0 && !this.scheduled) this.deliverEnd(this.handlers);
      },
    });
  }

  setHandlers(handlers: PipeHandlers): void {
    this.handlers = handlers;
    if ((this.backlog.length > 0 || this.endedWith) && !this.scheduled) {
      // Delivered on a microtask: the new owner finishes setting itself up first.
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const h = this.handlers;
    if (!h) return;
    while (this.backlog.length > 0) h.data(this.backlog.shift() as Uint8Array);
    if (this.endedWith) this.deliverEnd(h);
  }

  private deliverEnd(h: PipeHandlers): void {
    if (this.endDelivered || !this.endedWith) return;
    this.endDelivered = true;
    h.end(this.endedWith.err);
  }

  write(data: Uint8Array): void {
    this.inner.write(data);
  }

  close(graceful: boolean): void {
    this.inner.close(graceful);
  }
}
