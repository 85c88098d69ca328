import { TransportError } from './errors.js';
import type { BytePipe, PipeHandlers } from './pipe.js';

/**
 * The part of the WHATWG WebSocket API we use; satisfied by the `ws` package (client and server
 * sockets) and by `globalThis.WebSocket`.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (ev: { message?: string; error?: unknown }) => void): void;
  /** `ws` only: drop the connection without a close handshake. */
  terminate?(): void;
  /** Bytes queued but not yet sent (WHATWG and `ws`). */
  readonly bufferedAmount?: number;
  /** `ws` only: flow control of incoming messages. */
  pause?(): void;
  resume?(): void;
}

/** How often a paused writer looks at `bufferedAmount` (WebSockets have no drain event). */
const DRAIN_POLL_MS = 10;

const OPEN = 1;
const CLOSED = 3;

/** {@link BytePipe} over an open WebSocket: every binary message is one stream chunk. */
export class WebSocketPipe implements BytePipe {
  readonly type = 'websocket' as const;
  private handlers: PipeHandlers | undefined;
  private error: Error | undefined;
  private ended = false;

  constructor(
    private readonly ws: WebSocketLike,
    readonly remote: string,
  ) {
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('message', (ev) => {
      const bytes = toBytes(ev.data);
      if (bytes === undefined) {
        this.error ??= new TransportError('bad-length', `websocket ${remote}: text message received, only binary is allowed`);
        this.close(false);
        return;
      }
      this.handlers?.data(bytes);
    });
    ws.addEventListener('error', (ev) => {
      const detail = ev.message ?? (ev.error instanceof Error ? ev.error.message : 'error');
      this.error ??= new TransportError('socket', `websocket ${remote}: ${detail}`, { cause: ev.error });
    });
    ws.addEventListener('close', (ev) => {
      if (!this.error && ev.code !== 1000 && ev.code !== 1001 && ev.code !== 1005) {
        this.error = new TransportError('socket', `websocket ${remote} closed with code ${ev.code}${ev.reason ? ` (${ev.reason})` : ''}`);
      }
      this.finish();
    });
  }

  setHandlers(handlers: PipeHandlers): void {
    this.handlers = handlers;
  }

  write(data: Uint8Array): void {
    if (this.ws.readyState === OPEN) this.ws.send(data);
  }

  pause(): void {
    this.ws.pause?.();
  }

  resume(): void {
    if (this.ws.readyState === OPEN) this.ws.resume?.();
  }

  get writeBuffered(): number {
    return this.ws.bufferedAmount ?? 0;
  }

  onDrain(cb: () => void): void {
    const check = (): void => {
      if (this.ws.readyState !== OPEN || this.writeBuffered === 0) cb();
      else setTimeout(check, DRAIN_POLL_MS);
    };
    check();
  }

  close(graceful: boolean): void {
    if (this.ws.readyState === CLOSED) return;
    if (!graceful && this.ws.terminate) this.ws.terminate();
    else this.ws.close(1000);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.end(this.error);
  }
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}
