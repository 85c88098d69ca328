/**
 * A scripted MTProto client for the test server's tests: it speaks the protocol from the
 * library's primitives and lets a test send exactly the bytes it wants (bad salts, replayed ids,
 * containers, garbage) and inspect every message the server sends back.
 */
import { decryptMessage, encryptMessage, randomBytes } from '../../src/crypto/index.js';
import type { RsaPublicKey } from '../../src/crypto/index.js';
import { authKeyIdOf, createAuthKey } from '../../src/exchange/index.js';
import {
  MessageIdGenerator,
  SeqNoCounter,
  decodeEncryptedPlaintext,
  encodeEncryptedPlaintext,
  isContainer,
  isContentRelated,
  packContainer,
  unpackContainer,
} from '../../src/mtproto/index.js';
import { Reader, Writer, readResult, writeRequest } from '../../src/tl/index.js';
import type { AnyRequest } from '../../src/tl/index.js';
import { connect } from '../../src/transport/index.js';
import type { CodecName, PacketConnection } from '../../src/transport/index.js';
import { RpcError } from '../../src/errors.js';
import { fullTables } from '../../src/tl/full-codec.js';

/** One message received from the server. */
export interface Received {
  msgId: bigint;
  seqNo: number;
  /** Constructor id of the body. */
  id: number;
  body: Uint8Array;
  /** rpc_result: the request id and the raw result bytes. */
  rpc?: { reqMsgId: bigint; result: Uint8Array };
  /** Decoded body (service messages and updates); undefined when decoding failed. */
  obj?: { _: string; [k: string]: unknown };
}

export interface RawClientOptions {
  host: string;
  port: number;
  type?: 'tcp' | 'websocket';
  codec?: CodecName;
  obfuscated?: boolean;
  dcId: number;
  testMode?: boolean;
  publicKeys?: RsaPublicKey[];
  /** Use this key instead of creating one. */
  authKey?: Uint8Array;
  salt?: bigint;
}

const RPC_RESULT = 0xf35c6d01;
const BAD_SERVER_SALT = 0xedab447b;

function u32(body: Uint8Array, at = 0): number {
  return new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(at, true);
}

function randomLong(): bigint {
  return new DataView(randomBytes(8).buffer).getBigInt64(0, true);
}

export class RawClient {
  readonly ids = new MessageIdGenerator({ side: 'client' });
  readonly seq = new SeqNoCounter();
  sessionId = randomLong();
  salt: bigint;
  readonly received: Received[] = [];
  closedWith: Error | undefined | null = null;
  private waiters: Array<{ pred: (m: Received) => boolean; resolve: (m: Received) => void }> = [];
  private closeWaiters: Array<() => void> = [];

  private constructor(
    readonly conn: PacketConnection,
    readonly authKey: Uint8Array,
    salt: bigint,
  ) {
    this.salt = salt;
    conn.onPacket((p) => this.onPacket(p));
    conn.onClose((err) => {
      this.closedWith = err;
      for (const w of this.closeWaiters) w();
      this.closeWaiters = [];
    });
  }

  static async connect(o: RawClientOptions): Promise<RawClient> {
    const conn = await connect({
      type: o.type ?? 'tcp',
      codec: o.codec ?? 'intermediate',
      obfuscated: o.obfuscated ?? false,
      host: o.host,
      port: o.port,
      dcId: o.dcId,
      testMode: o.testMode ?? false,
      timeoutMs: 5000,
    });
    if (o.authKey) return new RawClient(conn, o.authKey, o.salt ?? 0n);
    const key = await createAuthKey(conn, { publicKeys: o.publicKeys ?? [], dcId: o.dcId, testMode: o.testMode ?? false, timeoutMs: 10_000 });
    return new RawClient(conn, key.authKey, key.serverSalt);
  }

  private onPacket(packet: Uint8Array): void {
    const env = decodeEncryptedPlaintext(decryptMessage(this.authKey, packet, 'server'));
    const msgs = isContainer(env.body) ? unpackContainer(env.body) : [{ msgId: env.msgId, seqNo: env.seqNo, body: env.body }];
    for (const m of msgs) {
      const rec: Received = { msgId: m.msgId, seqNo: m.seqNo, id: u32(m.body), body: m.body.slice() };
      if (rec.id === RPC_RESULT) {
        const r = new Reader(rec.body, 4);
        const reqMsgId = r.long();
        rec.rpc = { reqMsgId, result: rec.body.subarray(12) };
      } else {
        try {
          rec.obj = new Reader(rec.body, 0, rec.body.length, fullTables.readers).object() as Received['obj'];
        } catch {
          // left undecoded
        }
      }
      this.received.push(rec);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(rec)) return true;
        w.resolve(rec);
        return false;
      });
    }
  }

  /** Resolves with the first message (already received or future) matching `pred`. */
  waitFor(pred: (m: Received) => boolean, timeoutMs = 3000, what = 'message'): Promise<Received> {
    const found = this.received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = (m: Received): void => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push({ pred, resolve: done });
    });
  }

  /** Resolves when the connection closes (or after `timeoutMs` with false). */
  waitClosed(timeoutMs = 3000): Promise<boolean> {
    if (this.conn.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Encrypts and sends one message (or a container when `body` is one). */
  sendBody(body: Uint8Array, o: { msgId?: bigint; seqNo?: number; salt?: bigint; sessionId?: bigint; content?: boolean } = {}): bigint {
    const msgId = o.msgId ?? this.ids.next();
    const seqNo = o.seqNo ?? this.seq.next(o.content ?? isContentRelated(body));
    const plaintext = encodeEncryptedPlaintext({ salt: o.salt ?? this.salt, sessionId: o.sessionId ?? this.sessionId, msgId, seqNo, body });
    this.conn.send(encryptMessage(this.authKey, plaintext, 'client'));
    return msgId;
  }

  /** Sends several bodies in one container; returns the inner msg ids. */
  sendContainer(bodies: Uint8Array[]): bigint[] {
    const inner = bodies.map((body) => ({ msgId: this.ids.next(), seqNo: this.seq.next(isContentRelated(body)), body }));
    this.sendBody(packContainer(inner), { content: false });
    return inner.map((m) => m.msgId);
  }

  static encode(req: AnyRequest | { _: string; [k: string]: unknown }): Uint8Array {
    const w = new Writer();
    writeRequest(w, req as AnyRequest, fullTables);
    return w.finish();
  }

  /** Sends a request; returns its msg id. */
  send(req: AnyRequest | { _: string; [k: string]: unknown }): bigint {
    return this.sendBody(RawClient.encode(req));
  }

  /** rpc_result for `msgId`. */
  result(msgId: bigint, timeoutMs = 3000): Promise<Received> {
    return this.waitFor((m) => m.rpc?.reqMsgId === msgId, timeoutMs, `rpc_result of ${msgId}`);
  }

  /**
   * Sends `req` and decodes its result with `method`'s result type (`rpc_error` → RpcError).
   * A bad_server_salt answer is handled once: the salt is updated and the request resent.
   */
  async invoke(req: AnyRequest | { _: string; [k: string]: unknown }, method: string = req._, timeoutMs = 3000): Promise<unknown> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const msgId = this.send(req);
      const m = await this.waitFor(
        (x) => x.rpc?.reqMsgId === msgId || (x.id === BAD_SERVER_SALT && x.obj?.['badMsgId'] === msgId),
        timeoutMs,
        `answer to ${method}`,
      );
      if (m.id === BAD_SERVER_SALT) {
        this.salt = m.obj!['newServerSalt'] as bigint;
        continue;
      }
      const r = new Reader(m.rpc!.result);
      if (u32(m.rpc!.result) === 0x2144ca19) {
        r.uint();
        const code = r.int();
        throw new RpcError(code, r.string(), method);
      }
      return readResult(method, r);
    }
    throw new Error('bad_server_salt loop');
  }

  /** auth_key_id of this client's key. */
  authKeyIdForTest(): bigint {
    return authKeyIdOf(this.authKey);
  }

  close(): void {
    this.conn.close();
  }
}

/** invokeWithLayer(initConnection(query)) as a client's first request. */
export function initWrap(query: unknown, layer = 228): { _: string; [k: string]: unknown } {
  return {
    _: 'invokeWithLayer',
    layer,
    query: {
      _: 'initConnection',
      apiId: 1,
      deviceModel: 'test',
      systemVersion: 'node',
      appVersion: '1',
      systemLangCode: 'en',
      langPack: '',
      langCode: 'en',
      query,
    },
  };
}

/** A raw client with a fresh key on `server` (anything with clientOptions()). */
export function rawClientFor(
  server: { clientOptions(): { host: string; port: number; wsPort?: number; dcId: number; rsaPublicKeys: RsaPublicKey[]; testServers: boolean } },
  o: Partial<RawClientOptions> = {},
): Promise<RawClient> {
  const co = server.clientOptions();
  const port = o.type === 'websocket' ? co.wsPort! : co.port;
  return RawClient.connect({ host: co.host, port, dcId: co.dcId, testMode: co.testServers, publicKeys: co.rsaPublicKeys, ...o, ...(o.port ? {} : { port }) });
}
