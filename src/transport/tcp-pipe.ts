import type { Socket } from 'node:net';
import { TransportError } from './errors.js';
import { plainBytes, type BytePipe, type PipeHandlers } from './pipe.js';

/** {@link BytePipe} over a connected `node:net` socket. */
export class TcpPipe implements BytePipe {
  readonly type = 'tcp' as const;
  readonly remote: string;
  private handlers: PipeHandlers | undefined;
  private error: Error | undefined;
  private ended = false;

  constructor(private readonly socket: Socket) {
    this.remote = formatRemote(socket.remoteAddress, socket.remotePort);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.handlers?.data(plainBytes(chunk)));
    socket.on('error', (err) => {
      this.error ??= new TransportError('socket', `tcp ${this.remote}: ${err.message}`, { cause: err });
    });
    socket.on('close', () => this.finish());
  }

  setHandlers(handlers: PipeHandlers): void {
    this.handlers = handlers;
  }

  write(data: Uint8Array): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(data);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    if (!this.socket.destroyed) this.socket.resume();
  }

  get writeBuffered(): number {
    return this.socket.writableLength;
  }

  onDrain(cb: () => void): void {
    if (this.socket.destroyed || this.socket.writableLength === 0) {
      queueMicrotask(cb);
      return;
    }
    const done = (): void => {
      this.socket.off('drain', done);
      this.socket.off('close', done);
      cb();
    };
    this.socket.on('drain', done);
    this.socket.on('close', done);
  }

  close(graceful: boolean): void {
    if (this.socket.destroyed) return;
    if (graceful && this.socket.writable) this.socket.end(() => this.socket.destroy());
    else this.socket.destroy();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.end(this.error);
  }
}

/** `host:port`, with IPv6 hosts bracketed. */
export function formatRemote(host: string | undefined, port: number | undefined): string {
  const h = host ?? '?';
  return `${h.includes(':') ? `[${h}]` : h}:${port ?? 0}`;
}
