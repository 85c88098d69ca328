/**
 * A WebSocket client (RFC 6455) over an already open byte pipe, for WebSocket transports through
 * a SOCKS5 or CONNECT tunnel (the platform's WebSocket cannot ride on someone else's socket).
 * Binary messages only, as Telegram's `/apiws` uses them; each message is one stream chunk.
 * @module
 */
import { randomBytes, sha1 } from '../../crypto/index.js';
import { ByteQueue } from '../byte-queue.js';
import { toBase64, utf8 } from '../../encoding.js';
import { ProxyError, TransportError } from '../errors.js';
import type { BytePipe, PipeHandlers } from '../pipe.js';
import { hostPort } from './ip.js';
import { PipeReader } from './pipe-reader.js';

const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_HEAD = 16 * 1024;
const CRLF2 = utf8('\r\n\r\n');

/** Where to upgrade and how large a message may be. */
export interface WebSocketTunnelOptions {
  host: string;
  port: number;
  path: string;
  /** Subprotocol to request (Telegram: `binary`). */
  protocol: string;
  maxMessageSize: number;
}

/**
 * Sends the HTTP upgrade on `pipe` and resolves with a pipe of binary messages once the server
 * accepted it (status 101, matching `Sec-WebSocket-Accept`). A refusal is `ProxyError('target')`
 * (the tunnel works, the WebSocket endpoint does not).
 */
export async function upgradeToWebSocket(pipe: BytePipe, options: WebSocketTunnelOptions): Promise<BytePipe> {
  const url = `ws://${hostPort(options.host, options.port)}${options.path}`;
  const reader = new PipeReader(pipe, `WebSocket ${url}`);
  const key = toBase64(randomBytes(16));
  pipe.write(
    utf8(
      `GET ${options.path} HTTP/1.1\r\nHost: ${hostPort(options.host, options.port)}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${options.protocol}\r\n\r\n`,
    ),
  );
  const head = new TextDecoder('latin1').decode(await reader.until(CRLF2, MAX_HEAD, 'target', 'WebSocket upgrade'));
  const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
  if (status !== '101') throw new ProxyError('target', `${url} refused the WebSocket upgrade (status ${status ?? 'missing'})`, { ...(status ? { code: Number(status) } : {}) });
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const expected = toBase64(sha1(utf8(key + ACCEPT_GUID)));
  if (headers.get('upgrade')?.toLowerCase() !== 'websocket' || headers.get('sec-websocket-accept') !== expected) {
    throw new ProxyError('target', `${url} answered 101 without a valid WebSocket accept`);
  }
  const protocol = headers.get('sec-websocket-protocol');
  if (protocol !== undefined && protocol !== options.protocol) throw new ProxyError('target', `${url} chose subprotocol '${protocol}'`);
  return new WebSocketFramePipe(reader.release(), url, options.maxMessageSize);
}

/** Binary WebSocket messages over a byte pipe: client frames are masked, server frames are not. */
class WebSocketFramePipe implements BytePipe {
  readonly type = 'websocket' as const;
  readonly remote: string;
  private handlers: PipeHandlers | undefined;
  private readonly queue = new ByteQueue();
  private fragments: Uint8Array[] = [];
  private fragmentBytes = 0;
  private closeSent = false;
  private ended = false;

  constructor(
    private readonly inner: BytePipe,
    private readonly url: string,
    private readonly maxMessageSize: number,
  ) {
    this.remote = inner.remote;
    inner.setHandlers({
      data: (chunk) => {
        this.queue.push(chunk);
        try {
          this.parse();
        } catch (err) {
          this.fail(err as Error);
        }
      },
      end: (err) => this.finish(err),
    });
  }

  setHandlers(handlers: PipeHandlers): void {
    this.handlers = handlers;
  }

  write(data: Uint8Array): void {
    if (this.closeSent || this.ended) return;
    this.inner.write(frame(0x2, data));
  }

  close(graceful: boolean): void {
    if (graceful && !this.closeSent && !this.ended) {
      this.closeSent = true;
      this.inner.write(frame(0x8, Uint8Array.of(0x03, 0xe8)));
      this.inner.close(true);
    } else this.inner.close(false);
  }

  private parse(): void {
    for (;;) {
      if (this.queue.length < 2) return;
      const b0 = this.queue.byteAt(0);
      const b1 = this.queue.byteAt(1);
      if (b1 & 0x80) throw new TransportError('bad-length', `${this.url}: the server sent a masked frame`);
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.queue.length < 4) return;
        len = (this.queue.byteAt(2) << 8) | this.queue.byteAt(3);
        offset = 4;
      } else if (len === 127) {
        if (this.queue.length < 10) return;
        if (this.queue.byteAt(2) | this.queue.byteAt(3) | this.queue.byteAt(4) | (this.queue.byteAt(5) & 0xe0)) {
          throw new TransportError('oversize', `${this.url}: frame larger than 2^53 bytes`);
        }
        len = 0;
        for (let i = 2; i < 10; i++) len = len * 256 + this.queue.byteAt(i);
        offset = 10;
      }
      const opcode = b0 & 0x0f;
      if (opcode < 0x8 && this.fragmentBytes + len > this.maxMessageSize) {
        throw new TransportError('oversize', `${this.url}: message over ${this.maxMessageSize} bytes`);
      }
      if (opcode >= 0x8 && len > 125) throw new TransportError('bad-length', `${this.url}: control frame of ${len} bytes`);
      if (this.queue.length < offset + len) return;
      this.queue.skip(offset);
      const payload = this.queue.take(len).slice();
      this.onFrame((b0 & 0x80) !== 0, opcode, payload);
      if (this.ended) return;
    }
  }

  private onFrame(fin: boolean, opcode: number, payload: Uint8Array): void {
    switch (opcode) {
      case 0x0:
      case 0x2:
        if (opcode === 0x2 && this.fragments.length > 0) throw new TransportError('bad-length', `${this.url}: new message inside a fragmented one`);
        if (opcode === 0x0 && this.fragments.length === 0) throw new TransportError('bad-length', `${this.url}: continuation without a message`);
        if (!fin) {
          this.fragments.push(payload);
          this.fragmentBytes += payload.length;
          return;
        }
        if (this.fragments.length > 0) {
          this.fragments.push(payload);
          const whole = concat(this.fragments, this.fragmentBytes + payload.length);
          this.fragments = [];
          this.fragmentBytes = 0;
          this.handlers?.data(whole);
        } else this.handlers?.data(payload);
        return;
      case 0x1:
        throw new TransportError('bad-length', `${this.url}: text message received, only binary is allowed`);
      case 0x8: {
        const code = payload.length >= 2 ? (payload[0]! << 8) | payload[1]! : 1005;
        if (!this.closeSent) {
          this.closeSent = true;
          this.inner.write(frame(0x8, payload.subarray(0, 2)));
        }
        this.inner.close(true);
        this.finish(code === 1000 || code === 1001 || code === 1005 ? undefined : new TransportError('socket', `${this.url} closed with code ${code}`));
        return;
      }
      case 0x9:
        if (!this.closeSent) this.inner.write(frame(0xa, payload));
        return;
      case 0xa:
        return;
      default:
        throw new TransportError('bad-length', `${this.url}: unknown opcode 0x${opcode.toString(16)}`);
    }
  }

  private fail(err: Error): void {
    this.inner.close(false);
    this.finish(err);
  }

  private finish(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.end(err);
  }
}

/** One masked client frame with FIN set. */
function frame(opcode: number, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  const headLen = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const out = new Uint8Array(headLen + 4 + n);
  out[0] = 0x80 | opcode;
  if (n < 126) out[1] = 0x80 | n;
  else if (n < 0x10000) {
    out[1] = 0x80 | 126;
    out[2] = n >> 8;
    out[3] = n & 0xff;
  } else {
    out[1] = 0x80 | 127;
    let v = n;
    for (let i = 9; i >= 2; i--) {
      out[i] = v % 256;
      v = Math.floor(v / 256);
    }
  }
  const mask = randomBytes(4);
  out.set(mask, headLen);
  const body = headLen + 4;
  for (let i = 0; i < n; i++) out[body + i] = payload[i]! ^ mask[i & 3]!;
  return out;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
