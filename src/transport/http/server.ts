/**
 * Server side of the MTProto HTTP transport: `POST /api` with one MTProto packet per body.
 * The server may only write into a request it has not answered yet, so requests are grouped
 * into virtual {@link PacketConnection}s (one per key exchange, per auth key, or what
 * {@link HttpTransportHooks.inspect} says) and a packet sent on one answers the oldest waiting
 * request of its group, or waits for the next. A request nobody answers within its long-poll
 * time (`http_wait.max_wait`, default 25 s) gets the hook's empty answer. Transport errors
 * become HTTP statuses (−404 → 404). https://core.telegram.org/mtproto/transports#http
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toHex } from '../../encoding.js';
import { TransportError } from '../errors.js';
import { bindServer, boundListener } from '../bind.js';
import { formatRemote } from '../tcp-pipe.js';
import { DEFAULT_MAX_FRAME_SIZE } from '../codecs/types.js';
import { PacketInbox } from '../packet-inbox.js';
import type { ConnectionInfo, Listener, ListenOptions, PacketConnection } from '../types.js';

/** Long-poll timing of one request (`http_wait`, ms). */
export interface HttpWait {
  maxDelay: number;
  waitAfter: number;
  maxWait: number;
}

/** Without `http_wait` a request waits up to 25 s for something to answer with. */
export const DEFAULT_HTTP_WAIT: HttpWait = { maxDelay: 0, waitAfter: 0, maxWait: 25_000 };

/** What the server layer above learns from a request packet (it can decrypt; this layer cannot). */
export interface HttpRequestFacts {
  /** Requests with the same group share one virtual connection. */
  group: string;
  /** The request's `http_wait`, if it carried one. */
  wait?: HttpWait;
  /** Builds the answer for a long poll that expired with nothing to send (an empty container). */
  emptyAnswer?: () => Uint8Array | undefined;
}

/** Hooks of {@link listenHttp}. */
export interface HttpTransportHooks {
  inspect?(packet: Uint8Array): HttpRequestFacts;
}

/** Options of {@link listenHttp}. */
export interface ListenHttpOptions extends ListenOptions {
  /** Request path, default `/api`. */
  path?: string;
  /** A virtual connection without requests for this long is closed (default 60 s). */
  idleMs?: number;
}

/** Group of a packet without decrypting: plaintext by the exchange's nonce, encrypted by auth_key_id. */
export function defaultHttpGroup(packet: Uint8Array): string {
  if (packet.length < 8) return 'short';
  const keyId = toHex(packet.subarray(0, 8));
  if (keyId !== '0000000000000000') return `key:${keyId}`;
  // auth_key_id(8) msg_id(8) length(4) constructor(4) nonce(16): every exchange step starts with the nonce.
  return packet.length >= 40 ? `plain:${toHex(packet.subarray(24, 40))}` : 'plain';
}

interface WaitingRequest {
  res: ServerResponse;
  timer: ReturnType<typeof setTimeout>;
  emptyAnswer: (() => Uint8Array | undefined) | undefined;
}

const MAX_QUEUED_PACKETS = 512;

/** One group of requests, seen by the server as one connection. */
class HttpServerConnection implements PacketConnection {
  readonly info: Readonly<ConnectionInfo>;
  private readonly waiting: WaitingRequest[] = [];
  private readonly queue: Uint8Array[] = [];
  private readonly inbox = new PacketInbox((err) => this.close(err));
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private inCount = 0;
  private outCount = 0;

  constructor(
    remote: string,
    private readonly idleMs: number,
    private readonly onEnd: () => void,
  ) {
    this.info = Object.freeze({ codec: 'http', obfuscated: false, type: 'http', remote });
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

  /** A request arrived: it waits for an answer, its packet goes up. */
  request(packet: Uint8Array, res: ServerResponse, facts: HttpRequestFacts): void {
    this.inCount += packet.length;
    this.stopIdle();
    const maxWait = Math.max(0, Math.min(facts.wait?.maxWait ?? DEFAULT_HTTP_WAIT.maxWait, 120_000));
    const entry: WaitingRequest = {
      res,
      emptyAnswer: facts.emptyAnswer,
      timer: setTimeout(() => this.expire(entry), maxWait),
    };
    res.once('close', () => this.forget(entry));
    const queued = this.queue.shift();
    if (queued) this.answer(entry, queued);
    else this.waiting.push(entry);
    this.inbox.deliver(packet);
  }

  send(packet: Uint8Array): void {
    if (this.inbox.closed) throw new TransportError('closed', `cannot send on a closed http connection to ${this.info.remote}`);
    const entry = this.waiting.shift();
    if (entry) this.answer(entry, packet);
    else {
      this.queue.push(packet);
      if (this.queue.length > MAX_QUEUED_PACKETS) this.queue.shift();
    }
  }

  onPacket(handler: (packet: Uint8Array) => void): void {
    this.inbox.onPacket(handler);
  }

  onClose(handler: (err?: Error) => void): void {
    this.inbox.onClose(handler);
  }

  close(err?: Error): void {
    if (!this.inbox.markClosed(err)) return;
    this.stopIdle();
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      respond(w.res, err ? 400 : 200, err ? undefined : this.queue.shift(), true);
    }
    this.queue.length = 0;
    this.onEnd();
    this.inbox.reportClose();
  }

  private answer(entry: WaitingRequest, packet: Uint8Array): void {
    clearTimeout(entry.timer);
    this.outCount += packet.length;
    // A 4-byte negative packet is a transport error: over HTTP it is the status (−404 → 404).
    if (packet.length === 4) {
      const code = new DataView(packet.buffer, packet.byteOffset, 4).getInt32(0, true);
      if (code < 0 && code >= -599) {
        respond(entry.res, -code, undefined);
        this.maybeIdle();
        return;
      }
    }
    respond(entry.res, 200, packet);
    this.maybeIdle();
  }

  private expire(entry: WaitingRequest): void {
    const i = this.waiting.indexOf(entry);
    if (i < 0) return;
    this.waiting.splice(i, 1);
    let empty: Uint8Array | undefined;
    try {
      empty = entry.emptyAnswer?.();
    } catch {
      empty = undefined;
    }
    respond(entry.res, 200, empty);
    this.maybeIdle();
  }

  private forget(entry: WaitingRequest): void {
    clearTimeout(entry.timer);
    const i = this.waiting.indexOf(entry);
    if (i >= 0) this.waiting.splice(i, 1);
    this.maybeIdle();
  }

  private maybeIdle(): void {
    if (this.inbox.closed || this.waiting.length > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => this.close(), this.idleMs);
    this.idleTimer.unref?.();
  }

  private stopIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** Answers one request; `last` also ends its socket (the connection is going away). */
function respond(res: ServerResponse, status: number, body: Uint8Array | undefined, last = false): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': body?.length ?? 0,
    'Access-Control-Allow-Origin': '*',
    ...(last ? { Connection: 'close' } : {}),
  });
  res.end(body);
}

/**
 * Listens for the HTTP transport. Each new request group becomes a {@link PacketConnection}
 * reported to `onConnection` (type `http`, codec `http`).
 */
export async function listenHttp(
  opts: ListenHttpOptions,
  onConnection: (conn: PacketConnection) => void,
  hooks: HttpTransportHooks = {},
): Promise<Listener> {
  const host = opts.host ?? '127.0.0.1';
  const path = opts.path ?? '/api';
  const maxBody = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  const idleMs = opts.idleMs ?? 60_000;
  const groups = new Map<string, HttpServerConnection>();
  const { createServer } = await import('node:http');
  const sockets = new Set<import('node:net').Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const remote = formatRemote(req.socket.remoteAddress, req.socket.remotePort);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) {
      req.resume();
      respond(res, 404, undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        opts.onRejected?.(new TransportError('oversize', `http ${remote}: body over ${maxBody} bytes`), remote);
        respond(res, 413, undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBody) return;
      const body = new Uint8Array(size);
      let o = 0;
      for (const c of chunks) {
        body.set(c, o);
        o += c.length;
      }
      if (body.length < 8) {
        opts.onRejected?.(new TransportError('bad-length', `http ${remote}: body of ${body.length} bytes is no MTProto packet`), remote);
        respond(res, 400, undefined);
        return;
      }
      const gate = opts.frameGate;
      if (gate && body.length > gate.limit && !gate.admit(body.subarray(0, 8))) {
        // as TCP: a large frame needs a known auth key; an unknown key id is told -404 (the HTTP status)
        opts.onRejected?.(new TransportError('oversize', `http ${remote}: ${body.length}-byte body before a known auth key`), remote);
        respond(res, gate.refuse?.(body.subarray(0, 8)) ? 404 : 413, undefined, true);
        return;
      }
      let facts: HttpRequestFacts;
      try {
        facts = hooks.inspect?.(body) ?? { group: defaultHttpGroup(body) };
      } catch {
        facts = { group: defaultHttpGroup(body) };
      }
      let conn = groups.get(facts.group);
      if (!conn || conn.closed) {
        const group = facts.group;
        const created = new HttpServerConnection(remote, idleMs, () => {
          if (groups.get(group) === created) groups.delete(group);
        });
        conn = created;
        groups.set(group, conn);
        try {
          onConnection(conn);
        } catch (err) {
          conn.close(err instanceof Error ? err : new Error(String(err)));
        }
      }
      if (conn.closed) respond(res, 404, undefined);
      else conn.request(body, res, facts);
    });
  });
  server.on('connection', (socket) => {
    if (opts.maxConnections !== undefined && sockets.size >= opts.maxConnections) {
      opts.onRejected?.(new TransportError('too-many-connections', `http: ${opts.maxConnections} connections are open`), formatRemote(socket.remoteAddress, socket.remotePort));
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  const port = await bindServer(server, host, opts.port ?? 0, 'http');
  return boundListener({ host, port }, () => sockets.size, {
    graceful(finished) {
      for (const c of [...groups.values()]) c.close();
      groups.clear();
      server.close(() => finished());
      server.closeIdleConnections();
    },
    force() {
      for (const s of sockets) s.destroy();
    },
  });
}
