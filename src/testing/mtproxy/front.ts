/**
 * `MtproxyFront`: an MTProxy in front of test DCs, for clients that connect the way they reach
 * Telegram through a real proxy. It accepts the three secret kinds (plain obfuscated2, `dd`,
 * `ee` FakeTLS) for one key, checks a FakeTLS ClientHello as MTProxy does (digest, time window,
 * replays, SNI), answers with a server flight carrying its own digest, and forwards the stream
 * to the DC named in the obfuscated2 init. Traffic that is not for it is treated as MTProxy
 * treats it: with a TLS domain it would go to that site (offline: closed, or spliced to
 * `maskTarget`), a plain obfuscated2 stream with a wrong key is read and ignored.
 * @module
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { bindServer } from '../../transport/bind.js';
import { ByteQueue } from '../../transport/byte-queue.js';
import { OBFUSCATED_INIT_SIZE, parseObfuscatedInit } from '../../transport/obfuscated2.js';
import type { ServerObfuscation } from '../../transport/obfuscated2.js';
import type { BytePipe } from '../../transport/pipe.js';
import { TcpPipe } from '../../transport/tcp-pipe.js';
import { platform } from '../../platform/current.js';
import { formatMtproxySecret, parseMtproxySecret } from '../../transport/mtproxy/secret.js';
import type { MtproxySecret, MtproxySecretKind } from '../../transport/mtproxy/secret.js';
import { buildServerFlight } from '../../transport/mtproxy/server-flight.js';
import { TlsRecordPipe } from '../../transport/mtproxy/tls-records.js';
import { relayToDc, refuseWithCode } from './relay.js';
import type { BackendAddress } from './relay.js';
import { ReplayCache } from './replay-cache.js';
import { checkClientHello } from './tls-check.js';
import type { MtproxyRejectReason } from './tls-check.js';

/** Options of {@link MtproxyFront.start}. */
export interface MtproxyFrontOptions {
  /** The proxy's secret in any form (hex, base64; plain, `dd` or `ee`): its 16-byte key is what counts. */
  secret: string | Uint8Array | MtproxySecret;
  /** The DCs behind the proxy (`server.clientOptions().dcs`). */
  dcs: ReadonlyArray<{ id: number; host: string; port: number }>;
  /** Interface, default 127.0.0.1. */
  host?: string;
  /** Port, default a free one. */
  port?: number;
  /** FakeTLS domain (SNI); default the `ee` secret's domain, else `example.com`. */
  domain?: string;
  /** Refuse clients that do not start with FakeTLS (MTProxy with a domain); default false. */
  tlsOnly?: boolean;
  /** Require the SNI to be the domain; default true (iOS 12.2+ clients omit it). */
  checkSni?: boolean;
  /** Wall clock, ms (tests move it). */
  clock?: () => number;
  /** A hello older than this is refused, seconds; default 600. */
  pastSeconds?: number;
  /** A hello from further in the future is refused, seconds; default 3. */
  futureSeconds?: number;
  /** How long hellos and inits are remembered against replays, seconds; default 2 days. */
  replayTtlSeconds?: number;
  replayCacheSize?: number;
  /** Largest ClientHello record body accepted; default 16 384. */
  maxClientHello?: number;
  /** Payload bytes per TLS record towards the client; default 1425 (MTProxy's). */
  serverRecordSize?: number;
  /** Time to send a recognisable start, ms; default 10 000. */
  initTimeoutMs?: number;
  /** Where refused TLS traffic is spliced to (a prober then sees that site); default: closed. */
  maskTarget?: BackendAddress;
  /** Told about each refusal (tests assert on it). */
  onRejected?: (reason: MtproxyRejectReason, detail: string, remote: string) => void;
}

/** Counters of a front. */
export interface MtproxyFrontStats {
  accepted: number;
  rejected: number;
  active: number;
}

const DEFAULT_DOMAIN = 'example.com';

/** A running MTProxy front. */
export class MtproxyFront {
  readonly key: Uint8Array;
  readonly domain: string;
  private readonly replay: ReplayCache;
  private readonly sockets = new Set<Socket>();
  private counts = { accepted: 0, rejected: 0 };
  private closing: Promise<void> | undefined;
  private server: Server | undefined;
  private bound: { host: string; port: number } | undefined;

  private constructor(private readonly options: MtproxyFrontOptions) {
    const s = typeof options.secret === 'string' ? parseMtproxySecret(options.secret) : options.secret instanceof Uint8Array ? { kind: 'plain' as const, key: options.secret } : options.secret;
    if (s.key.length !== 16) throw new RangeError(`MTProxy key must be 16 bytes, got ${s.key.length}`);
    this.key = s.key.slice();
    this.domain = options.domain ?? s.domain ?? DEFAULT_DOMAIN;
    this.replay = new ReplayCache(options.replayTtlSeconds ?? 2 * 86_400, options.replayCacheSize ?? 100_000);
  }

  /** Starts listening. */
  static async start(options: MtproxyFrontOptions): Promise<MtproxyFront> {
    const front = new MtproxyFront(options);
    await front.listen();
    return front;
  }

  /** Where clients connect. */
  get address(): { host: string; port: number } {
    if (!this.bound) throw new Error('MtproxyFront is not listening');
    return this.bound;
  }

  get stats(): MtproxyFrontStats {
    return { ...this.counts, active: this.sockets.size };
  }

  /** The secret as a client of `kind` uses it (hex; base64url for FakeTLS). */
  secret(kind: MtproxySecretKind): string {
    return formatMtproxySecret({ kind, key: this.key, ...(kind === 'faketls' ? { domain: this.domain } : {}) });
  }

  /** A `tg://proxy` link for clients of `kind`. */
  link(kind: MtproxySecretKind): string {
    const { host, port } = this.address;
    return `tg://proxy?server=${encodeURIComponent(host)}&port=${port}&secret=${this.secret(kind)}`;
  }

  /** Stops listening and drops every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((done) => {
      for (const s of this.sockets) s.destroy();
      if (this.server) this.server.close(() => done());
      else done();
    });
    return this.closing;
  }

  private async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.accept(new TcpPipe(socket));
    });
    const port = await bindServer(server, host, this.options.port ?? 0, 'MTProxy');
    this.server = server;
    this.bound = { host, port };
  }

  private now(): number {
    return Math.floor((this.options.clock ?? Date.now)() / 1000);
  }

  private accept(pipe: BytePipe): void {
    const queue = new ByteQueue();
    let settled = false;
    const timer = setTimeout(() => refuse('timeout', 'no recognisable start in time'), this.options.initTimeoutMs ?? 10_000);
    const refuse = (reason: MtproxyRejectReason, detail: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.refuse(pipe, queue.length > 0 ? queue.drain().slice() : undefined, reason, detail);
    };
    const step = (): void => {
      if (settled || queue.length < 3) return;
      const tlsStart = queue.byteAt(0) === 0x16 && queue.byteAt(1) === 0x03 && queue.byteAt(2) === 0x01;
      if (!tlsStart) {
        if (this.options.tlsOnly) return refuse('not-tls', 'the client did not start with a TLS ClientHello');
        if (queue.length < OBFUSCATED_INIT_SIZE) return;
        settled = true;
        clearTimeout(timer);
        this.afterInit(pipe, queue.drain().slice(), false);
        return;
      }
      if (queue.length < 5) return;
      const length = (queue.byteAt(3) << 8) | queue.byteAt(4);
      if (length < 512 || length > (this.options.maxClientHello ?? 16_384)) return refuse('malformed-hello', `ClientHello record of ${length} bytes`);
      if (queue.length < 5 + length) return;
      if (queue.length > 5 + length) return refuse('early-data', 'bytes after the ClientHello before the server answered');
      const record = queue.take(5 + length).slice();
      const verdict = checkClientHello(record, {
        key: this.key,
        domain: this.options.checkSni === false ? undefined : this.domain,
        replay: this.replay,
        now: this.now(),
        pastSeconds: this.options.pastSeconds ?? 600,
        futureSeconds: this.options.futureSeconds ?? 3,
      });
      if (!verdict.ok) {
        queue.push(record);
        return refuse(verdict.reason, verdict.detail);
      }
      settled = true;
      clearTimeout(timer);
      pipe.write(buildServerFlight({ key: this.key, clientRandom: verdict.random, sessionId: verdict.sessionId, cipherSuite: verdict.cipherSuite }));
      this.awaitTlsInit(new TlsRecordPipe(pipe, { side: 'server', maxRecordPayload: this.options.serverRecordSize ?? 1425 }));
    };
    pipe.setHandlers({
      data: (chunk) => {
        if (settled) return;
        queue.push(chunk);
        step();
      },
      end: () => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
        }
      },
    });
  }

  /** Inside TLS: the first 64 payload bytes are the obfuscated2 init. */
  private awaitTlsInit(tls: BytePipe): void {
    const queue = new ByteQueue();
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      this.reject('timeout', 'no obfuscated2 init inside TLS', tls.remote);
      tls.close(false);
    }, this.options.initTimeoutMs ?? 10_000);
    tls.setHandlers({
      data: (chunk) => {
        if (done) return;
        queue.push(chunk);
        if (queue.length < OBFUSCATED_INIT_SIZE) return;
        done = true;
        clearTimeout(timer);
        this.afterInit(tls, queue.drain().slice(), true);
      },
      end: (err) => {
        if (!done && err) this.reject('malformed-hello', err.message, tls.remote);
        done = true;
        clearTimeout(timer);
      },
    });
  }

  /** `bytes` starts with the 64-byte init; the rest is payload. */
  private afterInit(pipe: BytePipe, bytes: Uint8Array, insideTls: boolean): void {
    const header = bytes.subarray(0, OBFUSCATED_INIT_SIZE);
    // A stream we cannot use: inside TLS it is dropped; a plain obfuscated2 one MTProxy reads and ignores.
    const fail = (reason: MtproxyRejectReason, detail: string): void => {
      if (!insideTls) return this.skip(pipe, reason, detail);
      this.reject(reason, detail, pipe.remote);
      pipe.close(false);
    };
    let obf: ServerObfuscation;
    try {
      obf = parseObfuscatedInit(header, this.key);
    } catch {
      return fail('bad-tag', 'the init does not decrypt to a protocol tag with this secret');
    }
    if (insideTls && obf.codec !== 'paddedIntermediate') return fail('bad-tag', 'FakeTLS clients must use padded intermediate');
    if (this.replay.checkAndAdd(header.subarray(8, 56), this.now())) return fail('replayed-init', 'obfuscated2 init seen before');
    const backend = this.backendFor(obf.dcId);
    if (!backend) {
      this.reject('unknown-dc', `DC id field ${obf.dcId}`, pipe.remote);
      refuseWithCode(pipe, obf, -444);
      return;
    }
    this.counts.accepted++;
    relayToDc(pipe, obf, backend, bytes.subarray(OBFUSCATED_INIT_SIZE), () => undefined);
  }

  /** Maps the init's DC field (negative: media, beyond ±10000: test DCs) to a backend. */
  private backendFor(field: number): BackendAddress | undefined {
    const abs = Math.abs(field);
    const id = abs > 10_000 ? abs - 10_000 : abs;
    const dc = this.options.dcs.find((d) => d.id === id);
    return dc ? { host: dc.host, port: dc.port } : undefined;
  }

  private reject(reason: MtproxyRejectReason, detail: string, remote: string): void {
    this.counts.rejected++;
    this.options.onRejected?.(reason, detail, remote);
  }

  /** Refused TLS-level traffic: splice it to the mask target if there is one, else close. */
  private refuse(pipe: BytePipe, buffered: Uint8Array | undefined, reason: MtproxyRejectReason, detail: string): void {
    this.reject(reason, detail, pipe.remote);
    const mask = this.options.maskTarget;
    if (!mask) {
      pipe.close(false);
      return;
    }
    const early: Uint8Array[] = buffered ? [buffered] : [];
    let target: BytePipe | undefined;
    pipe.setHandlers({
      data: (c) => (target ? target.write(c) : early.push(c)),
      end: () => target?.close(true),
    });
    platform().net.connectTcp(mask.host, mask.port, { timeoutMs: 10_000 }).then(
      (t) => {
        target = t;
        t.setHandlers({ data: (c) => pipe.write(c), end: () => pipe.close(true) });
        for (const c of early.splice(0)) t.write(c);
      },
      () => pipe.close(false),
    );
  }

  /** Reads and discards until the client gives up (bounded by the init timeout ×6). */
  private skip(pipe: BytePipe, reason: MtproxyRejectReason, detail: string): void {
    this.reject(reason, detail, pipe.remote);
    const timer = setTimeout(() => pipe.close(false), (this.options.initTimeoutMs ?? 10_000) * 6);
    pipe.setHandlers({ data: () => undefined, end: () => clearTimeout(timer) });
  }
}
