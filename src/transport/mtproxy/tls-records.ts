/**
 * TLS application-data framing of the FakeTLS data phase, both ways: `17 03 03` + u16 BE length
 * + payload. Records are arbitrary slices of the MTProto stream. We write at most 16 384 payload
 * bytes per record (the TLS limit) and accept any u16 length, as MTProxy does.
 * @module
 */
import { ByteQueue } from '../byte-queue.js';
import { ProxyError } from '../errors.js';
import type { BytePipe, PipeHandlers } from '../pipe.js';
import { CHANGE_CIPHER_SPEC } from './server-flight.js';

/** Largest payload we put in one record. */
export const MAX_RECORD_PAYLOAD = 16 * 1024;

/** Frames `data` as application-data records of at most `maxPayload` bytes each. */
export function encodeRecords(data: Uint8Array, maxPayload = MAX_RECORD_PAYLOAD, prefix?: Uint8Array): Uint8Array {
  const count = Math.ceil(data.length / maxPayload);
  const pre = prefix?.length ?? 0;
  const out = new Uint8Array(pre + data.length + 5 * count);
  if (prefix) out.set(prefix, 0);
  let o = pre;
  for (let i = 0; i < data.length; i += maxPayload) {
    const n = Math.min(maxPayload, data.length - i);
    out[o] = 0x17;
    out[o + 1] = 0x03;
    out[o + 2] = 0x03;
    out[o + 3] = n >> 8;
    out[o + 4] = n & 0xff;
    out.set(data.subarray(i, i + n), o + 5);
    o += 5 + n;
  }
  return out;
}

/** Splits a received stream into application-data payloads. */
export class RecordReader {
  private readonly queue = new ByteQueue();
  private ccsAllowed: boolean;

  /** `acceptChangeCipherSpec`: the peer may send one ChangeCipherSpec first (the client does). */
  constructor(
    private readonly who: string,
    acceptChangeCipherSpec: boolean,
  ) {
    this.ccsAllowed = acceptChangeCipherSpec;
  }

  /** Payloads completed by `chunk`. Anything but application data is `ProxyError('handshake')`. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.queue.push(chunk);
    const out: Uint8Array[] = [];
    while (this.queue.length >= 5) {
      const type = this.queue.byteAt(0);
      if (this.ccsAllowed && type === 0x14) {
        if (this.queue.length < CHANGE_CIPHER_SPEC.length) break;
        const ccs = this.queue.take(CHANGE_CIPHER_SPEC.length);
        if (!ccs.every((b, i) => b === CHANGE_CIPHER_SPEC[i])) throw new ProxyError('handshake', `${this.who}: malformed ChangeCipherSpec record`);
        this.ccsAllowed = false;
        continue;
      }
      if (type !== 0x17 || this.queue.byteAt(1) !== 0x03 || this.queue.byteAt(2) !== 0x03) {
        const head = [0, 1, 2].map((i) => this.queue.byteAt(i).toString(16).padStart(2, '0')).join(' ');
        throw new ProxyError('handshake', `${this.who}: expected a TLS application-data record, got ${head}`);
      }
      this.ccsAllowed = false;
      const len = (this.queue.byteAt(3) << 8) | this.queue.byteAt(4);
      if (this.queue.length < 5 + len) break;
      this.queue.skip(5);
      if (len > 0) out.push(this.queue.take(len).slice());
    }
    return out;
  }
}

/**
 * A pipe that speaks TLS records underneath: writes become application-data records (the
 * client's first write is preceded by its ChangeCipherSpec), received records become chunks.
 */
export class TlsRecordPipe implements BytePipe {
  readonly type: BytePipe['type'];
  readonly remote: string;
  private handlers: PipeHandlers | undefined;
  private readonly reader: RecordReader;
  private prefix: Uint8Array | undefined;
  private ended = false;
  private readonly maxPayload: number;

  constructor(
    private readonly inner: BytePipe,
    options: { side: 'client' | 'server'; maxRecordPayload?: number },
  ) {
    this.maxPayload = options.maxRecordPayload ?? MAX_RECORD_PAYLOAD;
    this.type = inner.type;
    this.remote = inner.remote;
    this.prefix = options.side === 'client' ? CHANGE_CIPHER_SPEC : undefined;
    this.reader = new RecordReader(`FakeTLS ${inner.remote}`, options.side === 'server');
    inner.setHandlers({
      data: (chunk) => {
        let payloads: Uint8Array[];
        try {
          payloads = this.reader.push(chunk);
        } catch (err) {
          this.inner.close(false);
          this.finish(err as Error);
          return;
        }
        for (const p of payloads) this.handlers?.data(p);
      },
      end: (err) => this.finish(err),
    });
  }

  setHandlers(handlers: PipeHandlers): void {
    this.handlers = handlers;
  }

  write(data: Uint8Array): void {
    if (data.length === 0) return;
    const prefix = this.prefix;
    this.prefix = undefined;
    this.inner.write(encodeRecords(data, this.maxPayload, prefix));
  }

  close(graceful: boolean): void {
    this.inner.close(graceful);
  }

  private finish(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.end(err);
  }
}
