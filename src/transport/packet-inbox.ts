/**
 * The receiving half every {@link PacketConnection} shares: packets that arrive before a handler
 * is set wait and are delivered in order once it is, a throwing handler closes the connection,
 * nothing is delivered after the close, and the close is reported exactly once (also to a handler
 * registered after it).
 * @module
 */
import type { PacketConnection } from './types.js';

export class PacketInbox {
  private packetHandler: ((packet: Uint8Array) => void) | undefined;
  private closeHandler: ((err?: Error) => void) | undefined;
  private readonly pending: Uint8Array[] = [];
  private flushing = false;
  private isClosed = false;
  private closeError: Error | undefined;
  private closeReported = false;

  /** `fail` closes the owning connection when a packet handler throws. */
  constructor(private readonly fail: (err: Error) => void) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** {@link PacketConnection.onPacket}. */
  onPacket(handler: (packet: Uint8Array) => void): void {
    this.packetHandler = handler;
    if (this.pending.length > 0) queueMicrotask(() => this.flush());
  }

  /** {@link PacketConnection.onClose}. */
  onClose(handler: (err?: Error) => void): void {
    this.closeHandler = handler;
    if (this.isClosed && !this.closeReported) queueMicrotask(() => this.reportClose());
  }

  /** Hands one received packet up (now, or once a handler is set). */
  deliver(packet: Uint8Array): void {
    this.pending.push(packet);
    if (this.packetHandler && !this.flushing) this.flush();
  }

  /** Marks the connection closed; false when it already was (the caller then does nothing). */
  markClosed(err: Error | undefined): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    this.closeError = err;
    return true;
  }

  /** Tells the close handler, once. */
  reportClose(): void {
    if (this.closeReported || !this.closeHandler) return;
    this.closeReported = true;
    this.closeHandler(this.closeError);
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0 && this.packetHandler && !this.isClosed) {
        const packet = this.pending.shift() as Uint8Array;
        try {
          this.packetHandler(packet);
        } catch (err) {
          this.pending.length = 0;
          this.fail(err instanceof Error ? err : new Error(String(err)));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
