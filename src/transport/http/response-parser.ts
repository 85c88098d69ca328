/**
 * Incremental HTTP/1.1 response parser for the MTProto HTTP transport: status line, headers,
 * then a `Content-Length` body (Telegram never sends chunked bodies; we refuse them).
 * @module
 */
import { ByteQueue } from '../byte-queue.js';
import { TransportError } from '../errors.js';

/** One complete response. */
export interface HttpResponse {
  status: number;
  body: Uint8Array;
  /** The server said `Connection: close`: the socket ends after this response. */
  close: boolean;
}

const MAX_HEAD = 16 * 1024;

/** Parses consecutive responses from one socket. */
export class ResponseParser {
  private readonly queue = new ByteQueue();
  private head: { status: number; length: number; close: boolean } | undefined;

  constructor(
    private readonly who: string,
    private readonly maxBody: number,
  ) {}

  /** Responses completed by `chunk`; malformed input is `TransportError('bad-length')`. */
  push(chunk: Uint8Array): HttpResponse[] {
    this.queue.push(chunk);
    const out: HttpResponse[] = [];
    for (;;) {
      if (!this.head) {
        const end = this.headEnd();
        if (end < 0) {
          if (this.queue.length > MAX_HEAD) throw new TransportError('bad-length', `${this.who}: response head over ${MAX_HEAD} bytes`);
          return out;
        }
        this.head = this.parseHead(new TextDecoder('latin1').decode(this.queue.take(end + 4)));
      }
      if (this.queue.length < this.head.length) return out;
      const body = this.queue.take(this.head.length).slice();
      out.push({ status: this.head.status, body, close: this.head.close });
      this.head = undefined;
    }
  }

  private headEnd(): number {
    const n = Math.min(this.queue.length, MAX_HEAD + 4);
    for (let i = 0; i + 3 < n; i++) {
      if (this.queue.byteAt(i) === 13 && this.queue.byteAt(i + 1) === 10 && this.queue.byteAt(i + 2) === 13 && this.queue.byteAt(i + 3) === 10) return i;
    }
    return -1;
  }

  private parseHead(text: string): { status: number; length: number; close: boolean } {
    const lines = text.split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!m) throw new TransportError('bad-length', `${this.who}: not an HTTP response: '${(lines[0] ?? '').slice(0, 40)}'`);
    let length: number | undefined;
    let close = false;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d{1,10}$/.test(value)) throw new TransportError('bad-length', `${this.who}: bad Content-Length '${value}'`);
        length = Number(value);
      } else if (name === 'transfer-encoding' && value.toLowerCase() !== 'identity') {
        throw new TransportError('bad-length', `${this.who}: Transfer-Encoding '${value}' is not supported`);
      } else if (name === 'connection' && value.toLowerCase().includes('close')) close = true;
    }
    if (length === undefined) throw new TransportError('bad-length', `${this.who}: response without Content-Length`);
    if (length > this.maxBody) throw new TransportError('oversize', `${this.who}: response body of ${length} bytes exceeds ${this.maxBody}`);
    return { status: Number(m[1]), length, close };
  }
}
