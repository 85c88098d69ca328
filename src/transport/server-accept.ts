import { ByteQueue } from './byte-queue.js';
import { createCodec } from './codecs/index.js';
import { detectTransport } from './detect.js';
import { TransportError } from './errors.js';
import { FramedConnection } from './framed-connection.js';
import { OBFUSCATED_INIT_SIZE, parseObfuscatedInit } from './obfuscated2.js';
import type { FrameGate } from './codecs/types.js';
import type { BytePipe } from './pipe.js';
import type { PacketConnection } from './types.js';

/** Server-side knobs for accepting one connection. */
export interface AcceptOptions {
  maxFrameSize?: number;
  /** Deadline for the transport init, default 10 000 ms. */
  initTimeoutMs?: number;
  proxySecret?: Uint8Array;
  onRejected?: (err: Error, remote: string) => void;
  /** A smaller cap for frames the server does not recognise. */
  frameGate?: FrameGate;
}

export const DEFAULT_INIT_TIMEOUT_MS = 10_000;

/**
 * Sniffs the transport from the first bytes on `pipe` (at most 64, within `initTimeoutMs`), then
 * hands the pipe to a {@link FramedConnection} and reports it. Garbage or silence drops only this pipe.
 */
export function acceptConnection(
  pipe: BytePipe,
  options: AcceptOptions,
  onConnection: (conn: PacketConnection) => void,
): void {
  const queue = new ByteQueue();
  let done = false;
  const timeoutMs = options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
  const timer = setTimeout(() => {
    reject(new TransportError('init-timeout', `${pipe.type} ${pipe.remote}: no transport init within ${timeoutMs} ms`));
  }, timeoutMs);

  function reject(err: Error): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    pipe.close(false);
    options.onRejected?.(err, pipe.remote);
  }

  pipe.setHandlers({
    data(chunk) {
      if (done) return;
      queue.push(chunk);
      try {
        sniff();
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    end(err) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) options.onRejected?.(err, pipe.remote);
    },
  });

  const codecOptions = {
    side: 'server' as const,
    ...(options.maxFrameSize !== undefined ? { maxFrameSize: options.maxFrameSize } : {}),
    ...(options.frameGate ? { frameGate: options.frameGate } : {}),
  };

  function sniff(): void {
    const detection = detectTransport(queue.peek(Math.min(queue.length, OBFUSCATED_INIT_SIZE)));
    if (detection.kind === 'need-more') return;
    const consumed = queue.length;
    let conn: FramedConnection;
    if (detection.kind === 'plain') {
      queue.skip(detection.tagSize);
      const codec = createCodec(detection.codec, codecOptions);
      conn = new FramedConnection(pipe, {
        codec,
        info: { codec: detection.codec, obfuscated: false, type: pipe.type, remote: pipe.remote },
        bytesInBefore: consumed - queue.length,
      });
    } else {
      const init = parseObfuscatedInit(queue.take(OBFUSCATED_INIT_SIZE), options.proxySecret);
      const codec = createCodec(init.codec, codecOptions);
      conn = new FramedConnection(pipe, {
        codec,
        info: { codec: init.codec, obfuscated: true, dcId: init.dcId, type: pipe.type, remote: pipe.remote },
        encrypt: init.encrypt,
        decrypt: init.decrypt,
        bytesInBefore: OBFUSCATED_INIT_SIZE,
      });
    }
    done = true;
    clearTimeout(timer);
    try {
      onConnection(conn);
    } catch (err) {
      conn.close(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (queue.length > 0) conn.receive(queue.drain());
  }
}
