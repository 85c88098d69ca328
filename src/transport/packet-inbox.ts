/**
 * The receiving half every {@link PacketConnection} shares: packets that arrive before a handler
 * is set (or while paused) wait and are delivered in order once they can be, a throwing handler
 * closes the connection, nothing is delivered after the close, and the close is reported exactly
 * once (also to a handler registered after it).
 * @module
 */
import type { PacketConnection } from './types.js';

const EMPTY = new Uint8Array(0);

export class PacketInbox {
  private packetHandler: ((packet: Uint8Array) => void) | undefined;
  private closeHandler: ((err?: Error) => void) | undefined;
  /** Packets not delivered yet (`pendingHead` is the next one): index-based, a burst of thousands stays linear. */
  private pending: Uint8Array[] = [];
  private pendingHead = 0;
  private flushing = false;
  private isPaused = false;
  private isClosed = false;
  private closeError: Error | undefined;
  private closeReported = false;

  /** `fail` closes the owning connection when a packet handler throws. */
  constructor(private readonly fail: (err: Error) => void) {}

  get closed(): boolean {
    return this.isClosed;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** {@link PacketConnection.onPacket}. */
  onPacket(handler: (packet: Uint8Array) => void): void {
    this.packetHandler = handler;
    if (this.hasPending) queueMicrotask(() => this.flush());
  }

  /** {@link PacketConnection.onClose}. */
  onClose(handler: (err?: Error) => void): void {
    this.closeHandler = handler;
    if (this.isClosed && !this.closeReported) queueMicrotask(() => this.reportClose());
  }

  /** Holds delivery back until {@link resume}; false when already paused or closed. */
  pause(): boolean {
    if (this.isPaused || this.isClosed) return false;
    this.isPaused = true;
    return true;
  }

  /** Delivers again; false when it was not paused or the connection is closed. */
  resume(): boolean {
    if (!this.isPaused) return false;
    this.isPaused = false;
    if (this.isClosed) return false;
    if (this.hasPending) queueMicrotask(() => this.flush());
    return true;
  }

  /** Hands one received packet up (now, or once a handler is set and delivery is not paused). */
  deliver(packet: Uint8Array): void {
    this.pending.push(packet);
    if (this.packetHandler && !this.flushing && !this.isPaused) this.flush();
  }

  /** Marks the connection closed and drops what was not delivered; false when it already was closed. */
  markClosed(err: Error | undefined): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    this.closeError = err;
    this.dropPending();
    return true;
  }

  /** Tells the close handler, once. */
  reportClose(): void {
    if (this.closeReported || !this.closeHandler) return;
    this.closeReported = true;
    this.closeHandler(this.closeError);
  }

  private get hasPending(): boolean {
    return this.pendingHead < this.pending.length;
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.hasPending && this.packetHandler && !this.isPaused && !this.isClosed) {
        const packet = this.pending[this.pendingHead] as Uint8Array;
        this.pending[this.pendingHead++] = EMPTY;
        try {
          this.packetHandler(packet);
        } catch (err) {
          this.dropPending();
          this.fail(err instanceof Error ? err : new Error(String(err)));
        }
      }
      if (!this.hasPending) this.dropPending();
    } finally {
      this.flushing = false;
    }
  }

  private dropPending(): void {
    this.pending = [];
    this.pendingHead = 0;
  }
}
