/**
 * Server side of auth key creation: a per-connection state machine fed the raw unencrypted packets.
 * Each check the client relies on has its counterpart here; a violation throws `SecurityError` and the
 * caller closes the connection (https://core.telegram.org/mtproto/auth_key).
 */
import { generatePrimeSync } from 'node:crypto';
import {
  SecurityError,
  aesIgeDecrypt,
  aesIgeEncrypt,
  checkDhValue,
  computeFirstServerSalt,
  computeNewNonceHash,
  deriveTmpAesKeyIv,
  modPow,
  randomBytes,
  sha1,
  timingSafeEqual,
} from '../crypto/index.js';
import type { RsaPublicKey } from '../crypto/index.js';
import { unwrapWithHash, wrapWithHash } from './answer-hash.js';
import { authKeyIdOf, bigIntToMinimalBytes, readLongLE, toHex } from './derive.js';
import { TELEGRAM_DH_G, TELEGRAM_DH_PRIME } from './dh-params.js';
import { KeyExchangeError } from './errors.js';
import { createPlainMsgIdGenerator } from './msg-id.js';
import { decodePlainMessage, encodePlainMessage } from './plain-message.js';
import { PlainMsgIdCheck } from './server-msg-ids.js';
import { readExchangeRequest } from './server-requests.js';
import { decryptInnerData } from './server-rsa.js';
import type { ReqDhParamsMessage, SetClientDhParamsMessage } from './server-requests.js';
import { decodeObject, encodeObject } from './tl-io.js';

/** An RSA key pair the server can decrypt req_DH_params with. */
export interface ServerRsaKey {
  privateKeyPem: string;
  publicKey: RsaPublicKey;
}

/** Options of {@link ServerKeyExchange}. */
export interface ServerKeyExchangeOptions {
  /** Keys whose fingerprints go into resPQ (at least one). */
  keys: ServerRsaKey[];
  /** This DC's id; clients must send it (+10000 in test mode, negated for media) in p_q_inner_data. */
  dcId: number;
  testMode?: boolean;
  /** Server clock in seconds (server_time, temp key expiry). Default: `Date.now() / 1000`. */
  now?: () => number;
  /** Source of random bytes (server_nonce, a, padding). */
  random?: (n: number) => Uint8Array;
  /** DH group; default Telegram's 2048-bit prime with g = 3. */
  dhPrime?: Uint8Array;
  g?: number;
  /**
   * Called with each candidate key id; returning false answers dh_gen_retry (e.g. the id is taken),
   * so the client retries with a new b. At most `maxRetries` (default 5) times, then dh_gen_fail.
   */
  acceptAuthKeyId?: (authKeyId: bigint) => boolean;
  maxRetries?: number;
  /** Longest temporary key lifetime accepted, in seconds; default 1 year. */
  maxTempExpiresIn?: number;
}

/** The key a completed server-side exchange produced. */
export interface ServerAuthKeyResult {
  authKey: Uint8Array;
  authKeyId: bigint;
  /** First server salt (new_nonce[0:8] XOR server_nonce[0:8]). */
  serverSalt: bigint;
  /** Temporary keys only: server unix time after which the key is invalid. */
  tempExpiresAt?: number;
}

/** What handling one packet produced: a packet to send back and/or the finished key. */
export interface ServerExchangeStep {
  reply?: Uint8Array;
  done?: ServerAuthKeyResult;
}

type Phase = 'req-pq' | 'req-dh' | 'set-client-dh' | 'done' | 'failed';

interface PqChallenge {
  nonce: Uint8Array;
  serverNonce: Uint8Array;
  pq: Uint8Array;
  p: Uint8Array;
  q: Uint8Array;
}

interface DhState {
  newNonce: Uint8Array;
  a: Uint8Array;
  tmpKey: Uint8Array;
  tmpIv: Uint8Array;
  expiresIn: number | undefined;
  serverTime: number;
  expectedRetryId: bigint;
  retries: number;
}

/**
 * The pq challenge: two distinct random primes, p < q, of 31 and 32 bits, so pq is below 2^63 as
 * Telegram's always is (https://core.telegram.org/mtproto/auth_key: "pq is less than or equal to
 * 2^63-1"); clients that read it as a signed long (GramJS, Telethon) depend on that.
 */
export function generatePq(): { p: bigint; q: bigint } {
  for (;;) {
    const a = generatePrimeSync(31, { bigint: true });
    const b = generatePrimeSync(32, { bigint: true });
    if (a !== b && a * b < 1n << 63n) return a < b ? { p: a, q: b } : { p: b, q: a };
  }
}

/**
 * Runs the server side of one auth key exchange. Feed it every packet the connection receives
 * until `done` is returned; send `reply` when present. Throws `SecurityError` on any violation,
 * after which the instance refuses further packets.
 */
export class ServerKeyExchange {
  readonly #opts: ServerKeyExchangeOptions;
  readonly #random: (n: number) => Uint8Array;
  readonly #nextMsgId: () => bigint;
  readonly #dhPrime: Uint8Array;
  readonly #g: number;
  #phase: Phase = 'req-pq';
  readonly #msgIds: PlainMsgIdCheck;
  #pq: PqChallenge | undefined;
  #dh: DhState | undefined;

  constructor(opts: ServerKeyExchangeOptions) {
    if (opts.keys.length === 0) throw new KeyExchangeError('invalid-options', 'ServerKeyExchange needs at least one RSA key');
    this.#opts = opts;
    this.#random = opts.random ?? randomBytes;
    const now = opts.now ?? (() => Date.now() / 1000);
    this.#nextMsgId = createPlainMsgIdGenerator('server', now);
    this.#msgIds = new PlainMsgIdCheck(now);
    this.#dhPrime = opts.dhPrime ?? TELEGRAM_DH_PRIME;
    this.#g = opts.g ?? TELEGRAM_DH_G;
  }

  /** True once a key was produced. */
  get finished(): boolean {
    return this.#phase === 'done';
  }

  /** Handles one raw unencrypted packet from the client. */
  handlePacket(packet: Uint8Array): ServerExchangeStep {
    if (this.#phase === 'failed') throw new SecurityError('exchange-failed', 'this key exchange already failed');
    if (this.#phase === 'done') throw new SecurityError('out-of-order', 'key exchange already completed; no more unencrypted messages are accepted');
    try {
      return this.#handle(packet);
    } catch (err) {
      this.#phase = 'failed';
      throw err;
    }
  }

  #handle(packet: Uint8Array): ServerExchangeStep {
    const { msgId, body } = decodePlainMessage(packet);
    this.#msgIds.accept(msgId);
    const req = readExchangeRequest(body);
    switch (req._) {
      case 'req_pq':
      case 'req_pq_multi':
        this.#expectPhase('req-pq', req._);
        return { reply: this.#answerReqPq(req.nonce) };
      case 'req_DH_params':
        this.#expectPhase('req-dh', req._);
        return { reply: this.#answerReqDh(req) };
      case 'set_client_DH_params':
        this.#expectPhase('set-client-dh', req._);
        return this.#answerSetClientDh(req);
    }
  }

  #expectPhase(phase: Phase, got: string): void {
    if (this.#phase !== phase) throw new SecurityError('out-of-order', `${got} is not allowed now (waiting for ${phaseRequest(this.#phase)})`);
  }

  #reply(body: Uint8Array): Uint8Array {
    return encodePlainMessage(this.#nextMsgId(), body);
  }

  #answerReqPq(nonce: Uint8Array): Uint8Array {
    const { p, q } = generatePq();
    this.#pq = {
      nonce,
      serverNonce: this.#random(16),
      pq: bigIntToMinimalBytes(p * q),
      p: bigIntToMinimalBytes(p),
      q: bigIntToMinimalBytes(q),
    };
    this.#phase = 'req-dh';
    return this.#reply(
      encodeObject({
        _: 'resPQ',
        nonce,
        serverNonce: this.#pq.serverNonce,
        pq: this.#pq.pq,
        serverPublicKeyFingerprints: this.#opts.keys.map((k) => k.publicKey.fingerprint),
      }),
    );
  }

  #checkNonces(got: { nonce: Uint8Array; serverNonce: Uint8Array }, what: string): PqChallenge {
    const pq = this.#pq as PqChallenge;
    if (!timingSafeEqual(got.nonce, pq.nonce)) throw new SecurityError('nonce', `${what}: nonce differs from req_pq_multi`);
    if (!timingSafeEqual(got.serverNonce, pq.serverNonce)) throw new SecurityError('server-nonce', `${what}: server_nonce differs from resPQ`);
    return pq;
  }

  #answerReqDh(req: ReqDhParamsMessage): Uint8Array {
    const pq = this.#checkNonces(req, 'req_DH_params');
    if (!timingSafeEqual(req.p, pq.p) || !timingSafeEqual(req.q, pq.q)) {
      throw new SecurityError('pq-factors', `req_DH_params: p=${toHex(req.p)} q=${toHex(req.q)} are not the factors of pq=${toHex(pq.pq)}`);
    }
    const key = this.#opts.keys.find((k) => k.publicKey.fingerprint === req.publicKeyFingerprint);
    if (!key) throw new SecurityError('fingerprint', `req_DH_params: public_key_fingerprint ${req.publicKeyFingerprint} is not one offered in resPQ`);
    const inner = decodeObject(decryptInnerData(req.encryptedData, key.privateKeyPem).data, 'p_q_inner_data', false);
    if (inner._ !== 'p_q_inner_data' && inner._ !== 'p_q_inner_data_dc' && inner._ !== 'p_q_inner_data_temp_dc') {
      throw new SecurityError('inner-data', `encrypted_data holds ${inner._}, expected p_q_inner_data_dc or p_q_inner_data_temp_dc`);
    }
    if (!timingSafeEqual(inner.nonce, pq.nonce)) throw new SecurityError('nonce', 'p_q_inner_data: nonce differs from req_pq_multi');
    if (!timingSafeEqual(inner.serverNonce, pq.serverNonce)) throw new SecurityError('server-nonce', 'p_q_inner_data: server_nonce differs from resPQ');
    if (!timingSafeEqual(inner.pq, pq.pq) || !timingSafeEqual(inner.p, pq.p) || !timingSafeEqual(inner.q, pq.q)) {
      throw new SecurityError('pq-factors', 'p_q_inner_data: pq/p/q differ from the challenge');
    }
    if (inner.newNonce.length !== 32) throw new SecurityError('new-nonce', 'p_q_inner_data: new_nonce must be 32 bytes');
    if (inner._ !== 'p_q_inner_data') {
      const expected = Math.abs(this.#opts.dcId) + (this.#opts.testMode ? 10000 : 0);
      if (Math.abs(inner.dc) !== expected) throw new SecurityError('dc', `p_q_inner_data: dc ${inner.dc} is not this DC (${expected}, or -${expected} for media)`);
    }
    let expiresIn: number | undefined;
    if (inner._ === 'p_q_inner_data_temp_dc') {
      const max = this.#opts.maxTempExpiresIn ?? 366 * 86400;
      if (inner.expiresIn <= 0 || inner.expiresIn > max) throw new SecurityError('expires-in', `p_q_inner_data_temp_dc: expires_in ${inner.expiresIn} is outside 1..${max}`);
      expiresIn = inner.expiresIn;
    }

    const tmp = deriveTmpAesKeyIv(pq.serverNonce, inner.newNonce);
    const a = this.#random(256);
    const gA = modPow(Uint8Array.of(this.#g), a, this.#dhPrime);
    const serverTime = Math.floor((this.#opts.now ?? (() => Date.now() / 1000))());
    this.#dh = { newNonce: inner.newNonce, a, tmpKey: tmp.key, tmpIv: tmp.iv, expiresIn, serverTime, expectedRetryId: 0n, retries: 0 };
    const answer = encodeObject({
      _: 'server_DH_inner_data',
      nonce: pq.nonce,
      serverNonce: pq.serverNonce,
      g: this.#g,
      dhPrime: this.#dhPrime,
      gA,
      serverTime,
    });
    this.#phase = 'set-client-dh';
    return this.#reply(
      encodeObject({
        _: 'server_DH_params_ok',
        nonce: pq.nonce,
        serverNonce: pq.serverNonce,
        encryptedAnswer: aesIgeEncrypt(wrapWithHash(answer, this.#random), tmp.key, tmp.iv),
      }),
    );
  }

  #answerSetClientDh(req: SetClientDhParamsMessage): ServerExchangeStep {
    const pq = this.#checkNonces(req, 'set_client_DH_params');
    const dh = this.#dh as DhState;
    if (req.encryptedData.length === 0 || req.encryptedData.length % 16 !== 0) {
      throw new SecurityError('encrypted-data-length', `set_client_DH_params: encrypted_data has ${req.encryptedData.length} bytes, not a positive multiple of 16`);
    }
    const data = unwrapWithHash(aesIgeDecrypt(req.encryptedData, dh.tmpKey, dh.tmpIv), 'client-data-hash', 'decrypted client_DH_inner_data');
    const inner = decodeObject(data, 'client_DH_inner_data');
    if (inner._ !== 'client_DH_inner_data') throw new SecurityError('inner-data', `encrypted_data holds ${inner._}, expected client_DH_inner_data`);
    if (!timingSafeEqual(inner.nonce, pq.nonce)) throw new SecurityError('nonce', 'client_DH_inner_data: nonce differs from req_pq_multi');
    if (!timingSafeEqual(inner.serverNonce, pq.serverNonce)) throw new SecurityError('server-nonce', 'client_DH_inner_data: server_nonce differs from resPQ');
    if (inner.retryId !== dh.expectedRetryId) {
      throw new SecurityError('retry-id', `client_DH_inner_data: retry_id ${inner.retryId} should be ${dh.expectedRetryId}`);
    }
    checkDhValue(inner.gB, this.#dhPrime);
    const authKey = modPow(inner.gB, dh.a, this.#dhPrime);
    const authKeyId = authKeyIdOf(authKey);
    const base = { nonce: pq.nonce, serverNonce: pq.serverNonce };

    if (this.#opts.acceptAuthKeyId && !this.#opts.acceptAuthKeyId(authKeyId)) {
      if (dh.retries >= (this.#opts.maxRetries ?? 5)) {
        this.#phase = 'failed';
        return { reply: this.#reply(encodeObject({ _: 'dh_gen_fail', ...base, newNonceHash3: computeNewNonceHash(dh.newNonce, authKey, 3) })) };
      }
      dh.retries++;
      dh.expectedRetryId = readLongLE(sha1(authKey).subarray(0, 8));
      return { reply: this.#reply(encodeObject({ _: 'dh_gen_retry', ...base, newNonceHash2: computeNewNonceHash(dh.newNonce, authKey, 2) })) };
    }

    this.#phase = 'done';
    const done: ServerAuthKeyResult = {
      authKey,
      authKeyId,
      serverSalt: readLongLE(computeFirstServerSalt(dh.newNonce, pq.serverNonce)),
    };
    if (dh.expiresIn !== undefined) done.tempExpiresAt = dh.serverTime + dh.expiresIn;
    return {
      reply: this.#reply(encodeObject({ _: 'dh_gen_ok', ...base, newNonceHash1: computeNewNonceHash(dh.newNonce, authKey, 1) })),
      done,
    };
  }
}

function phaseRequest(phase: Phase): string {
  switch (phase) {
    case 'req-pq':
      return 'req_pq_multi';
    case 'req-dh':
      return 'req_DH_params';
    case 'set-client-dh':
      return 'set_client_DH_params';
    default:
      return 'nothing';
  }
}
