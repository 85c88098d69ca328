import type { AesCtr } from '../crypto/index.js';
import type { Codec } from './codecs/types.js';
import { TransportError } from './errors.js';
import { PacketInbox } from './packet-inbox.js';
import type { BytePipe } from './pipe.js';
import type { ConnectionInfo, PacketConnection } from './types.js';

/** Packets from this size on are written as frame pieces (header, payload) instead of one copied frame. */
const SPLIT_WRITE_BYTES = 64 * 1024;

/** Everything a {@link FramedConnection} needs besides the pipe. */
export interface FramedSetup {
  codec: Codec;
  info: ConnectionInfo;
  /** Outgoing obfuscation stream, if obfuscated. */
  encrypt?: AesCtr;
  /** Incoming obfuscation stream, if obfuscated. */
  decrypt?: AesCtr;
  /** Bytes to write before any packet (client: codec tag or obfuscated init); counted in bytesOut. */
  preamble?: Uint8Array;
  /** Wire bytes already read by whoever set the pipe up (server: the sniffed init). */
  bytesInBefore?: number;
}

/** {@link PacketConnection} over any {@link BytePipe}: framing, obfuscation, buffering, close semantics. */
export class FramedConnection implements PacketConnection {
  readonly info: Readonly<ConnectionInfo>;
  private readonly pipe: BytePipe;
  private readonly codec: Codec;
  private readonly encrypt: AesCtr | undefined;
  private readonly decrypt: AesCtr | undefined;
  private readonly inbox = new PacketInbox((err) => this.close(err));
  private inCount: number;
  private outCount = 0;

  constructor(pipe: BytePipe, setup: FramedSetup) {
    this.pipe = pipe;
    this.codec = setup.codec;
    this.encrypt = setup.encrypt;
    this.decrypt = setup.decrypt;
    this.info = Object.freeze({ ...setup.info });
    this.inCount = setup.bytesInBefore ?? 0;
    pipe.setHandlers({ data: (chunk) => this.receive(chunk), end: (err) => this.ended(err) });
    if (setup.preamble && setup.preamble.length > 0) this.write(setup.preamble);
  }

  get closed(): boolean {
    return this.inbox.closed;
  }

  get bytesIn(): number {
    return this.inCount;
  }

  get bytesOut(): number {
    return this.outCount;
  }

  send(packet: Uint8Array, handOver = false): void {
    if (this.inbox.closed) throw new TransportError('closed', `cannot send on a closed ${this.info.type} connection to ${this.info.remote}`);
    const encrypt = this.encrypt;
    if (packet.length >= SPLIT_WRITE_BYTES && this.codec.encodeParts) {
      // a file part or chunk: header and payload written one after the other, the payload not copied
      // (encrypted in place when handed over; the codec's header and padding are its own new arrays)
      for (const part of this.codec.encodeParts(packet)) {
        if (!encrypt) this.write(part);
        else if (part !== packet || handOver) {
          encrypt.updateInPlace(part);
          this.write(part);
        } else this.write(encrypt.update(part));
      }
      return;
    }
    const framed = this.codec.encode(packet); // always a new array: ours to encrypt in place
    if (encrypt) encrypt.updateInPlace(framed);
    this.write(framed);
  }

  onPacket(handler: (packet: Uint8Array) => void): void {
    this.inbox.onPacket(handler);
  }

  /** Stops reading from the pipe and delivering packets already read, until {@link resume}. */
  pause(): void {
    if (this.inbox.pause()) this.pipe.pause?.();
  }

  resume(): void {
    if (this.inbox.resume()) this.pipe.resume?.();
  }

  get writeBuffered(): number {
    return this.pipe.writeBuffered ?? 0;
  }

  onDrain(cb: () => void): void {
    if (this.pipe.onDrain) this.pipe.onDrain(cb);
    else queueMicrotask(cb);
  }

  onClose(handler: (err?: Error) => void): void {
    this.inbox.onClose(handler);
  }

  close(err?: Error): void {
    if (!this.inbox.markClosed(err)) return;
    this.pipe.close(err === undefined);
    this.inbox.reportClose();
  }

  /** Feeds raw wire bytes (also used by the server for bytes that arrived with the init). */
  receive(chunk: Uint8Array): void {
    if (this.inbox.closed) return;
    this.inCount += chunk.length;
    let packets: Uint8Array[];
    try {
      // a pipe's chunk is this connection's alone (a fresh read): decrypted where it lies
      if (this.decrypt) this.decrypt.updateInPlace(chunk);
      packets = this.codec.push(chunk);
    } catch (err) {
      const last = this.codec.refusal;
      if (last) this.send(last);
      this.close(last ? undefined : toError(err));
      return;
    }
    for (const p of packets) this.inbox.deliver(p);
    const failure = this.codec.failure;
    if (!failure) return;
    const last = this.codec.refusal;
    if (last && !this.inbox.closed) {
      this.send(last);
      this.close(); // graceful: the last payload is flushed
    } else this.close(failure);
  }

  private write(data: Uint8Array): void {
    this.outCount += data.length;
    this.pipe.write(data);
  }

  private ended(err?: Error): void {
    if (!this.inbox.markClosed(err)) return;
    this.pipe.close(false);
    this.inbox.reportClose();
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
