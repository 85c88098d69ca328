/**
 * An in-memory pair of connected packet connections for tests: what one side sends, the other
 * receives asynchronously (next macrotask, in order), and closing one side closes the other.
 * No sockets, no timers left behind.
 */
import { TransportError } from '../../src/transport/errors.js';
import type { ConnectionInfo, PacketConnection } from '../../src/transport/types.js';

type PacketHandler = (packet: Uint8Array) => void;
type CloseHandler = (err?: Error) => void;

/** Options of {@link createPacketPair}. */
export interface PacketPairOptions {
  /**
   * Sees every packet in flight (`from` is 0 for the first connection, 1 for the second) and may
   * replace it (return a new array) or drop it (return `null`). Used to inject faults.
   */
  intercept?: (packet: Uint8Array, from: 0 | 1) => Uint8Array | null | undefined;
}

/** One end of an in-memory pair; same surface as the transport's `PacketConnection`. */
export class MemoryPacketConnection implements PacketConnection {
  /** Which end of the pair this is (0 = first). */
  readonly side: 0 | 1;
  /** Transport facts; a memory pair pretends to be plain intermediate over TCP. */
  readonly info: Readonly<ConnectionInfo>;
  bytesIn = 0;
  bytesOut = 0;
  #closed = false;
  #closeError: Error | undefined;
  #peer: MemoryPacketConnection | undefined;
  #packetHandler: PacketHandler | undefined;
  #closeHandlers: CloseHandler[] = [];
  // packets that arrived before any handler was installed
  #inbox: Uint8Array[] = [];
  readonly #intercept: PacketPairOptions['intercept'];

  constructor(side: 0 | 1, intercept?: PacketPairOptions['intercept']) {
    this.side = side;
    this.info = { codec: 'intermediate', obfuscated: false, type: 'tcp', remote: `memory:${side}` };
    this.#intercept = intercept;
  }

  /** @internal links the two ends */
  link(peer: MemoryPacketConnection): void {
    this.#peer = peer;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues `packet` for the peer. Throws `TransportError('closed')` once closed. */
  send(packet: Uint8Array): void {
    if (this.#closed) throw new TransportError('closed', 'memory connection is closed');
    const peer = this.#peer;
    let data: Uint8Array | null | undefined = packet.slice();
    if (this.#intercept) {
      const replaced = this.#intercept(data, this.side);
      if (replaced === null) return;
      if (replaced !== undefined) data = replaced;
    }
    const out = data;
    this.bytesOut += out.length;
    setImmediate(() => peer?.deliver(out));
  }

  /** @internal */
  deliver(packet: Uint8Array): void {
    if (this.#closed) return;
    this.bytesIn += packet.length;
    if (!this.#packetHandler) {
      this.#inbox.push(packet);
      return;
    }
    try {
      this.#packetHandler(packet);
    } catch (err) {
      // same contract as the real connections: a throwing handler closes the connection
      this.close(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Installs the packet handler (replacing the previous one); buffered packets are delivered to it. */
  onPacket(handler: PacketHandler): void {
    this.#packetHandler = handler;
    if (this.#inbox.length > 0) {
      const queued = this.#inbox;
      this.#inbox = [];
      setImmediate(() => {
        for (const p of queued) this.deliver(p);
      });
    }
  }

  /** Adds a handler called once when this end closes (with the error that closed it, if any). */
  onClose(handler: CloseHandler): void {
    if (this.#closed) {
      const err = this.#closeError;
      queueMicrotask(() => handler(err));
      return;
    }
    this.#closeHandlers.push(handler);
  }

  /** Closes this end; the peer closes too after the packets already in flight reach it. */
  close(err?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = err;
    this.#inbox = [];
    const handlers = this.#closeHandlers;
    this.#closeHandlers = [];
    for (const h of handlers) h(err);
    const peer = this.#peer;
    if (peer) setImmediate(() => peer.close(new TransportError('closed', 'peer closed the memory connection', { cause: err })));
  }
}

/** Creates two connected in-memory packet connections. */
export function createPacketPair(options: PacketPairOptions = {}): [MemoryPacketConnection, MemoryPacketConnection] {
  const a = new MemoryPacketConnection(0, options.intercept);
  const b = new MemoryPacketConnection(1, options.intercept);
  a.link(b);
  b.link(a);
  return [a, b];
}
