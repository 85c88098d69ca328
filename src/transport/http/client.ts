/**
 * Client side of the MTProto HTTP transport (https://core.telegram.org/mtproto/transports#http):
 * every packet is the body of one `POST /api`, every answer the body of one response. No length
 * prefix, tag, obfuscation or quick ack. One request in flight per keep-alive socket; more
 * packets open more sockets (up to `maxSockets`). When nothing is in flight the connection
 * reports itself idle ({@link PacketConnection.onIdle}) so the MTProto session can send an
 * `http_wait` long poll: the server only ever answers requests.
 * @module
 */
import { utf8 } from '../../encoding.js';
import { TransportError, describeTransportCode } from '../errors.js';
import { PacketInbox } from '../packet-inbox.js';
import type { BytePipe } from '../pipe.js';
import type { ConnectionInfo, PacketConnection } from '../types.js';
import { ResponseParser } from './response-parser.js';

/** Default number of parallel keep-alive sockets of one HTTP connection. */
export const DEFAULT_HTTP_SOCKETS = 4;

/** Setup of an {@link HttpClientConnection}. */
export interface HttpClientSetup {
  /** `Host` header value (`host:port`). */
  hostHeader: string;
  /** Request target, default `/api`. */
  path?: string;
  /** Opens one more socket to the server (through the same proxy as the first). */
  open: () => Promise<BytePipe>;
  maxSockets?: number;
  maxFrameSize: number;
  info: ConnectionInfo;
}

class HttpSocket {
  busy = false;
  private readonly parser: ResponseParser;

  constructor(
    readonly pipe: BytePipe,
    private readonly owner: HttpClientConnection,
    maxBody: number,
  ) {
    this.parser = new ResponseParser(`http ${pipe.remote}`, maxBody);
    pipe.setHandlers({
      data: (chunk) => owner.onSocketData(this, chunk),
      end: (err) => owner.onSocketEnd(this, err),
    });
  }

  parse(chunk: Uint8Array): ReturnType<ResponseParser['push']> {
    return this.parser.push(chunk);
  }
}

/** A {@link PacketConnection} of type `http`. */
export class HttpClientConnection implements PacketConnection {
  readonly info: Readonly<ConnectionInfo>;
  private readonly sockets = new Set<HttpSocket>();
  private readonly queue: Uint8Array[] = [];
  private opening = 0;
  private readonly inbox = new PacketInbox((err) => this.close(err));
  private idleHandler: (() => void) | undefined;
  private idleScheduled = false;
  private inCount = 0;
  private outCount = 0;
  private readonly requestHead: string;

  constructor(
    first: BytePipe,
    private readonly setup: HttpClientSetup,
  ) {
    this.info = Object.freeze({ ...setup.info });
    this.requestHead = `POST ${setup.path ?? '/api'} HTTP/1.1\r\nHost: ${setup.hostHeader}\r\nConnection: keep-alive\r\nContent-Type: application/octet-stream\r\n`;
    this.sockets.add(new HttpSocket(first, this, setup.maxFrameSize));
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

  send(packet: Uint8Array): void {
    if (this.inbox.closed) throw new TransportError('closed', `cannot send on a closed http connection to ${this.info.remote}`);
    this.queue.push(packet);
    this.pump();
  }

  onPacket(handler: (packet: Uint8Array) => void): void {
    this.inbox.onPacket(handler);
  }

  onClose(handler: (err?: Error) => void): void {
    this.inbox.onClose(handler);
  }

  onIdle(handler: () => void): void {
    this.idleHandler = handler;
    this.scheduleIdle();
  }

  close(err?: Error): void {
    if (!this.inbox.markClosed(err)) return;
    for (const s of this.sockets) s.pipe.close(err === undefined && !s.busy);
    this.sockets.clear();
    this.queue.length = 0;
    this.inbox.reportClose();
  }

  /** @internal */
  onSocketData(socket: HttpSocket, chunk: Uint8Array): void {
    if (this.inbox.closed) return;
    this.inCount += chunk.length;
    let responses;
    try {
      responses = socket.parse(chunk);
    } catch (err) {
      this.close(err as Error);
      return;
    }
    for (const r of responses) {
      if (!socket.busy) {
        this.close(new TransportError('bad-length', `http ${this.info.remote}: response without a request`));
        return;
      }
      socket.busy = false;
      if (r.close) {
        this.sockets.delete(socket);
        socket.pipe.close(true);
      }
      if (r.status !== 200) {
        this.close(new TransportError('server-code', `http ${this.info.remote}: HTTP ${r.status} (${describeTransportCode(-r.status)})`, { code: -r.status }));
        return;
      }
      if (r.body.length === 4) {
        const code = new DataView(r.body.buffer, r.body.byteOffset, 4).getInt32(0, true);
        if (code < 0) {
          this.close(new TransportError('server-code', `http ${this.info.remote}: transport error ${code} (${describeTransportCode(code)})`, { code }));
          return;
        }
      }
      if (r.body.length > 0) this.inbox.deliver(r.body);
      if (this.inbox.closed) return;
    }
    this.pump();
  }

  /** @internal */
  onSocketEnd(socket: HttpSocket, err: Error | undefined): void {
    if (!this.sockets.delete(socket) || this.inbox.closed) return;
    // An idle keep-alive socket the server timed out is normal; losing a request is not.
    if (socket.busy) this.close(err ?? new TransportError('socket', `http ${this.info.remote}: the server closed a socket with a request in flight`));
    else this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.inbox.closed) {
      const idle = [...this.sockets].find((s) => !s.busy);
      if (idle) {
        this.write(idle, this.queue.shift() as Uint8Array);
        continue;
      }
      if (this.sockets.size + this.opening < (this.setup.maxSockets ?? DEFAULT_HTTP_SOCKETS) && this.opening < this.queue.length) {
        this.openSocket();
      }
      return;
    }
    this.scheduleIdle();
  }

  private openSocket(): void {
    this.opening++;
    this.setup.open().then(
      (pipe) => {
        this.opening--;
        if (this.inbox.closed) {
          pipe.close(false);
          return;
        }
        this.sockets.add(new HttpSocket(pipe, this, this.setup.maxFrameSize));
        this.pump();
      },
      (err: unknown) => {
        this.opening--;
        // With another socket still up the packets simply wait for it.
        if (this.sockets.size === 0) this.close(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  private write(socket: HttpSocket, packet: Uint8Array): void {
    socket.busy = true;
    const head = utf8(`${this.requestHead}Content-Length: ${packet.length}\r\n\r\n`);
    const out = new Uint8Array(head.length + packet.length);
    out.set(head, 0);
    out.set(packet, head.length);
    this.outCount += out.length;
    socket.pipe.write(out);
  }

  private scheduleIdle(): void {
    if (this.idleScheduled || !this.idleHandler) return;
    this.idleScheduled = true;
    queueMicrotask(() => {
      this.idleScheduled = false;
      if (this.inbox.closed || this.queue.length > 0) return;
      for (const s of this.sockets) if (s.busy) return;
      this.idleHandler?.();
    });
  }
}
