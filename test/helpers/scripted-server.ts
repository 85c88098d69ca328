/**
 * A scripted fake MTProto server for session tests: a pre-shared auth key, in-memory
 * connections (packet-pair.ts), and just enough automatic behaviour (answers by method name,
 * pongs, msgs_state_info) that each test scripts only the part it is about.
 * Also a manual clock so tests can jump over ping intervals and timeouts.
 */
import { decryptMessage, encryptMessage, randomBytes } from '../../src/crypto/index.js';
import {
  MessageIdGenerator,
  SeqNoCounter,
  decodeEncryptedPlaintext,
  encodeEncryptedPlaintext,
  gzipPack,
  gzipUnpack,
  isContainer,
  isContentRelated,
  isGzipPacked,
  packContainer,
  unpackContainer,
} from '../../src/mtproto/index.js';
import type { MtprotoClock } from '../../src/mtproto/index.js';
import { Writer, decode, encode } from '../../src/tl/index.js';
import type { AnyTlObject } from '../../src/tl/index.js';
import { TransportError } from '../../src/transport/index.js';
import type { PacketConnection } from '../../src/transport/index.js';
import { ServerKeyExchange } from '../../src/exchange/server-side.js';
import type { ServerKeyExchangeOptions } from '../../src/exchange/server-side.js';
import { createPacketPair } from './packet-pair.js';
import type { MemoryPacketConnection } from './packet-pair.js';

/** A clock whose time only moves when the test says so. */
export class ManualClock implements MtprotoClock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.now()) {
    this.time = start;
  }

  now = (): number => this.time;

  setTimeout = ((fn: () => void, ms = 0) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id as unknown as ReturnType<typeof setTimeout>;
  }) as unknown as typeof setTimeout;

  clearTimeout = ((id: unknown) => {
    this.timers.delete(id as number);
  }) as unknown as typeof clearTimeout;

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let best: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!best || entry[1].at < best[1].at)) best = entry;
      if (!best) break;
      this.timers.delete(best[0]);
      this.time = Math.max(this.time, best[1].at);
      best[1].fn();
    }
    this.time = end;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}

/** One message the server received (container contents are listed one by one). */
export interface ReceivedMessage {
  msgId: bigint;
  seqNo: number;
  salt: bigint;
  sessionId: bigint;
  /** msg_id of the container it came in, if any. */
  containerId?: bigint;
  /** Index of the connection (0 = first). */
  connection: number;
  /** The body as sent (maybe gzip_packed). */
  raw: Uint8Array;
  /** Decoded body (gzip unpacked); undefined if the codec could not decode it. */
  obj: AnyTlObject | undefined;
  /** For requests: the query inside invokeWithLayer/initConnection wrappers. */
  query: AnyTlObject | undefined;
  /** Whether the request came wrapped in invokeWithLayer(initConnection). */
  wrapped: boolean;
  layer?: number;
  gzipped: boolean;
}

type Handler = (query: AnyTlObject, msg: ReceivedMessage) => AnyTlObject | { error: [number, string] } | undefined;

const utf8 = new TextEncoder();

/** Builds service-message bodies the server sends. */
export const body = {
  rpcResult(reqMsgId: bigint, result: Uint8Array): Uint8Array {
    const w = new Writer(64 + result.length);
    w.uint(0xf35c6d01);
    w.long(reqMsgId);
    w.raw(result);
    return w.finish();
  },
  rpcError(reqMsgId: bigint, code: number, message: string): Uint8Array {
    const w = new Writer(64);
    w.uint(0x2144ca19);
    w.int(code);
    w.bytes(utf8.encode(message));
    return body.rpcResult(reqMsgId, w.finish());
  },
  badServerSalt(badMsgId: bigint, badMsgSeqno: number, newServerSalt: bigint): Uint8Array {
    return encode({ _: 'bad_server_salt', badMsgId, badMsgSeqno, errorCode: 48, newServerSalt });
  },
  badMsg(badMsgId: bigint, badMsgSeqno: number, errorCode: number): Uint8Array {
    return encode({ _: 'bad_msg_notification', badMsgId, badMsgSeqno, errorCode });
  },
  newSession(firstMsgId: bigint, serverSalt: bigint): Uint8Array {
    return encode({ _: 'new_session_created', firstMsgId, uniqueId: 77n, serverSalt });
  },
  ack(ids: bigint[]): Uint8Array {
    return encode({ _: 'msgs_ack', msgIds: ids });
  },
  resendReq(ids: bigint[]): Uint8Array {
    return encode({ _: 'msg_resend_req', msgIds: ids });
  },
  stateReq(ids: bigint[]): Uint8Array {
    return encode({ _: 'msgs_state_req', msgIds: ids });
  },
  stateInfo(reqMsgId: bigint, info: number[]): Uint8Array {
    return encode({ _: 'msgs_state_info', reqMsgId, info: Uint8Array.from(info) });
  },
  pong(msgId: bigint, pingId: bigint): Uint8Array {
    return encode({ _: 'pong', msgId, pingId });
  },
};

export interface ScriptedServerOptions {
  now?: () => number;
  /** Answer requests automatically with `handlers` (default true). */
  auto?: boolean;
  /** Run a real key exchange (ServerKeyExchange) on connections until a key exists. */
  exchange?: ServerKeyExchangeOptions;
}

/** Options of {@link ScriptedServer.send}. */
export interface SendOptions {
  /** Pack several bodies into one msg_container (default when more than one). */
  container?: boolean;
  sessionId?: bigint;
  /** Force the msg_id (for duplicate / out-of-window tests). */
  msgId?: bigint;
  /** Which body is an RPC answer (server ids ≡ 1 mod 4); by default rpc_result bodies. */
  connection?: MemoryPacketConnection;
}

export class ScriptedServer {
  /** Pre-shared key, replaced by the exchanged one when `exchange` is set. */
  authKey = randomBytes(256);
  /** Whether `authKey` is usable (false until the exchange finishes when `exchange` is set). */
  keyReady: boolean;
  private readonly exchange: ServerKeyExchangeOptions | undefined;
  readonly ids: MessageIdGenerator;
  readonly seq = new SeqNoCounter();
  salt = 0x0123456789abcdefn;
  /** Client session id, learned from the latest message. */
  sessionId: bigint | undefined;
  readonly received: ReceivedMessage[] = [];
  readonly connections: MemoryPacketConnection[] = [];
  readonly handlers = new Map<string, Handler>();
  /** Return true to swallow a message (no automatic handling). */
  filter: ((m: ReceivedMessage) => boolean) | undefined;
  /** Fail the next N connection attempts. */
  failConnects = 0;
  /** Connection attempts so far. */
  dials = 0;
  /** Client ends of the connections, in order. */
  readonly clients: MemoryPacketConnection[] = [];
  auto: boolean;
  private waiters: Array<{ pred: (m: ReceivedMessage) => boolean; resolve: (m: ReceivedMessage) => void }> = [];

  constructor(options: ScriptedServerOptions = {}) {
    this.ids = new MessageIdGenerator({ side: 'server', ...(options.now ? { now: options.now } : {}) });
    this.auto = options.auto ?? true;
    this.exchange = options.exchange;
    this.keyReady = options.exchange === undefined;
    this.handlers.set('help.getAppConfig', (q) => ({ _: 'help.appConfig', hash: (q as { hash: number }).hash, config: { _: 'jsonNull' } }));
    this.handlers.set('help.getNearestDc', () => ({ _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 }));
  }

  /** Connection factory for MtprotoSession (`dial`). */
  dial = async (signal?: AbortSignal): Promise<PacketConnection> => {
    this.dials++;
    if (signal?.aborted) throw signal.reason;
    if (this.failConnects > 0) {
      this.failConnects--;
      throw new Error('scripted connect failure');
    }
    const [client, server] = createPacketPair();
    const index = this.connections.length;
    this.connections.push(server);
    this.clients.push(client);
    if (this.keyReady) {
      server.onPacket((packet) => this.onPacket(server, index, packet));
      return client;
    }
    const sx = new ServerKeyExchange(this.exchange!);
    server.onPacket((packet) => {
      if (this.keyReady) return this.onPacket(server, index, packet);
      const step = sx.handlePacket(packet);
      if (step.reply) server.send(step.reply);
      if (step.done) {
        this.authKey = step.done.authKey;
        this.salt = step.done.serverSalt;
        this.keyReady = true;
      }
    });
    return client;
  };

  /** The newest server-side connection. */
  get connection(): MemoryPacketConnection {
    return this.connections[this.connections.length - 1]!;
  }

  /**
   * Swallows the first request of `method` (no automatic answer) and runs `act` on it instead,
   * e.g. to answer with a service message; later requests are handled as usual.
   */
  onFirstRequest(method: string, act: (m: ReceivedMessage) => void): void {
    let first = true;
    this.filter = (m) => {
      if (m.query?._ !== method || !first) return false;
      first = false;
      act(m);
      return true;
    };
  }

  /** Requests (unwrapped queries) received so far, optionally of one method. */
  requests(method?: string): ReceivedMessage[] {
    return this.received.filter((m) => m.query && !isServiceName(m.query._) && (method === undefined || m.query._ === method));
  }

  /** Resolves with the first received message (past or future) matching `pred`. */
  waitFor(pred: (m: ReceivedMessage) => boolean, timeoutMs = 3000): Promise<ReceivedMessage> {
    const found = this.received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { pred, resolve: (m: ReceivedMessage) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error('waitFor timed out'));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Waits for the next message matching `pred` that arrives after now. */
  waitForNext(pred: (m: ReceivedMessage) => boolean, timeoutMs = 3000): Promise<ReceivedMessage> {
    const seen = new Set(this.received);
    return this.waitFor((m) => !seen.has(m) && pred(m), timeoutMs);
  }

  /** Sends bodies to the client (encrypted with the shared key). */
  send(bodies: Uint8Array | Uint8Array[], options: SendOptions = {}): bigint {
    const list = Array.isArray(bodies) ? bodies : [bodies];
    const conn = options.connection ?? this.connection;
    const sessionId = options.sessionId ?? this.sessionId ?? 0n;
    const idFor = (b: Uint8Array) => this.ids.next(isRpcResult(b) ? 'response' : 'service');
    let msgId: bigint;
    let seqNo: number;
    let payload: Uint8Array;
    if (list.length > 1 || options.container) {
      const inner = list.map((b) => ({ msgId: idFor(b), seqNo: this.seq.next(isContentRelated(b)), body: b }));
      payload = packContainer(inner);
      msgId = options.msgId ?? this.ids.next('service');
      seqNo = this.seq.next(false);
    } else {
      payload = list[0]!;
      msgId = options.msgId ?? idFor(payload);
      seqNo = this.seq.next(isContentRelated(payload));
    }
    this.sendRaw(encodeEncryptedPlaintext({ salt: this.salt, sessionId, msgId, seqNo, body: payload }), conn);
    return msgId;
  }

  /** Encrypts an already built plaintext and sends it. */
  sendRaw(plaintext: Uint8Array, conn: MemoryPacketConnection = this.connection): void {
    if (!conn.closed) conn.send(encryptMessage(this.authKey, plaintext, 'server'));
  }

  /** Answers a request with a TL object. */
  reply(m: ReceivedMessage | bigint, result: AnyTlObject, gzip = false): void {
    const id = typeof m === 'bigint' ? m : m.msgId;
    let bytes = encode(result);
    if (gzip) bytes = gzipPack(bytes);
    this.send(body.rpcResult(id, bytes));
  }

  replyError(m: ReceivedMessage, code: number, message: string): void {
    this.send(body.rpcError(m.msgId, code, message));
  }

  /** Drops the current connection from the server side. */
  cut(): void {
    this.connection.close();
  }

  /**
   * Forgets the auth key, as a server answering the next packet with the transport error −404
   * does (the client end closes with that error); with `exchange` the next connection makes a
   * new key.
   */
  forgetKey(): void {
    if (this.exchange) this.keyReady = false;
    this.clients[this.clients.length - 1]!.close(new TransportError('server-code', 'peer sent transport error -404', { code: -404 }));
  }

  /** Computes the automatic answer of a request, or undefined. */
  answerFor(m: ReceivedMessage): Uint8Array | undefined {
    if (!m.query) return undefined;
    const handler = this.handlers.get(m.query._);
    if (!handler) return undefined;
    const out = handler(m.query, m);
    if (out === undefined) return undefined;
    if ('error' in out && Array.isArray(out.error)) return body.rpcError(m.msgId, out.error[0], out.error[1]);
    return body.rpcResult(m.msgId, encode(out as AnyTlObject));
  }

  private onPacket(conn: MemoryPacketConnection, index: number, packet: Uint8Array): void {
    const plain = decodeEncryptedPlaintext(decryptMessage(this.authKey, packet, 'client'));
    this.sessionId = plain.sessionId; // answers go to the session the client speaks in now
    const list = isContainer(plain.body)
      ? unpackContainer(plain.body).map((m) => ({ ...m, containerId: plain.msgId }))
      : [{ msgId: plain.msgId, seqNo: plain.seqNo, body: plain.body }];
    for (const item of list) {
      const gzipped = isGzipPacked(item.body);
      const unpacked = gzipped ? gzipUnpack(item.body) : item.body;
      let obj: AnyTlObject | undefined;
      try {
        obj = decode(unpacked);
      } catch {
        obj = undefined;
      }
      let query = obj;
      let wrapped = false;
      let layer: number | undefined;
      if (query?._ === 'invokeWithLayer') {
        wrapped = true;
        layer = query.layer;
        query = query.query as AnyTlObject;
        if (query._ === 'initConnection') query = query.query as AnyTlObject;
      }
      const m: ReceivedMessage = {
        msgId: item.msgId,
        seqNo: item.seqNo,
        salt: plain.salt,
        sessionId: plain.sessionId,
        connection: index,
        raw: item.body,
        obj,
        query,
        wrapped,
        gzipped,
        ...('containerId' in item ? { containerId: item.containerId } : {}),
        ...(layer !== undefined ? { layer } : {}),
      };
      this.received.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(m);
        }
      }
      if (this.filter?.(m)) continue;
      if (this.auto) this.autoAnswer(conn, m);
    }
  }

  private autoAnswer(conn: MemoryPacketConnection, m: ReceivedMessage): void {
    const q = m.query;
    if (!q || conn.closed) return;
    if (q._ === 'ping_delay_disconnect' || q._ === 'ping') {
      this.send(body.pong(m.msgId, (q as { pingId: bigint }).pingId), { connection: conn });
      return;
    }
    if (q._ === 'msgs_state_req') {
      const ids = (q as { msgIds: bigint[] }).msgIds;
      const known = new Set(this.received.map((r) => r.msgId));
      this.send(body.stateInfo(m.msgId, ids.map((id) => (known.has(id) ? 4 : 1))), { connection: conn });
      return;
    }
    const answer = this.answerFor(m);
    if (answer) this.send(answer, { connection: conn });
  }
}

const SERVICE_NAMES = new Set([
  'msgs_ack',
  'ping',
  'ping_delay_disconnect',
  'msgs_state_req',
  'msgs_state_info',
  'msg_resend_req',
  'rpc_drop_answer',
  'get_future_salts',
  'destroy_session',
  'http_wait',
]);

function isServiceName(name: string): boolean {
  return SERVICE_NAMES.has(name);
}

function isRpcResult(b: Uint8Array): boolean {
  return b.length >= 4 && new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) === 0xf35c6d01;
}
