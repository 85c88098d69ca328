/**
 * Client side of auth key creation (https://core.telegram.org/mtproto/auth_key):
 * req_pq_multi → req_DH_params (RSA_PAD) → set_client_DH_params → dh_gen_ok, over unencrypted messages,
 * with every check from https://core.telegram.org/mtproto/security_guidelines.
 */
import {
  SecurityError,
  aesIgeDecrypt,
  aesIgeEncrypt,
  checkDhPrime,
  checkDhValue,
  computeFirstServerSalt,
  computeNewNonceHash,
  deriveTmpAesKeyIv,
  factorizePQ,
  modPow,
  randomBytes,
  rsaPadEncrypt,
  sha1,
  timingSafeEqual,
} from '../crypto/index.js';
import type { RsaPublicKey } from '../crypto/index.js';
import { CancelledError, TgtsError, TimeoutError } from '../errors.js';
import { unwrapWithHash, wrapWithHash } from './answer-hash.js';
import { authKeyIdOf, bigIntToMinimalBytes, bytesToBigIntBE, readLongLE } from './derive.js';
import { KeyExchangeError } from './errors.js';
import { PacketInbox } from './inbox.js';
import type { ExchangeConnection } from './inbox.js';
import { createPlainMsgIdGenerator } from './msg-id.js';
import { decodePlainMessage, encodePlainMessage } from './plain-message.js';
import { decodeObject, encodeObject, encodeRequest } from './tl-io.js';

/** Options of {@link createAuthKey}. */
export interface CreateAuthKeyOptions {
  /** RSA keys the server may use; the first one whose fingerprint the server lists is chosen. */
  publicKeys: RsaPublicKey[];
  /** DC id (positive; see `media` and `testMode`). */
  dcId: number;
  /** Test DCs: the DC id sent inside p_q_inner_data is dcId + 10000. */
  testMode?: boolean;
  /** Media-only DC: the DC id sent is negative. */
  media?: boolean;
  /** Creates a temporary key valid for this many seconds (p_q_inner_data_temp_dc), for PFS. */
  tempExpiresIn?: number;
  /** Limit for the whole exchange, default 20 000 ms; 0 for none (then `signal` and `deadline` bound it). */
  timeoutMs?: number;
  /** Absolute time (ms on the `now` clock) by which the exchange must finish (`TimeoutError` after it). */
  deadline?: number;
  /** Cancels the exchange (rejects with `CancelledError`, or with the signal's reason when it is a `TgtsError`). */
  signal?: AbortSignal;
  /** Local wall clock, ms (default `Date.now`): the time offset is measured against it. */
  now?: () => number;
  /** Source of msg ids for the unencrypted messages (default: local clock, ≡ 0 mod 4). */
  nextMsgId?: () => bigint;
  /** Source of random bytes (nonces, b, padding); injectable for reproducible tests. RSA_PAD uses its own. */
  random?: (n: number) => Uint8Array;
  /** How many `dh_gen_retry` answers are tolerated, default 5. */
  maxRetries?: number;
}

/** A freshly created auth key. */
export interface AuthKeyResult {
  /** The 256-byte key. */
  authKey: Uint8Array;
  /** SHA1(authKey)[12:20] as a TL long. */
  authKeyId: bigint;
  /** First server salt: new_nonce[0:8] XOR server_nonce[0:8]. */
  serverSalt: bigint;
  /** server_time − local time, in seconds, measured when server_DH_inner_data arrived. */
  timeOffset: number;
  /** Temporary keys only: server unix time at which the key expires (server_time + tempExpiresIn). */
  expiresAt?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_RETRIES = 5;

/**
 * Creates an auth key over `conn`, which must carry nothing else until this settles (the exchange
 * installs its own packet handler; the connection owner replaces it afterwards).
 *
 * Rejects with `SecurityError` when a check fails (the connection must then be dropped),
 * `KeyExchangeError` for protocol outcomes (unknown RSA key, dh_gen_fail…), `TimeoutError` at
 * `timeoutMs`/`deadline`, `CancelledError` (or the signal's reason when it is a `TgtsError`), or
 * `ClosedError` if the connection ends. No timer or listener outlives the call.
 */
export async function createAuthKey(conn: ExchangeConnection, opts: CreateAuthKeyOptions): Promise<AuthKeyResult> {
  validateOptions(opts);
  const signal = opts.signal;
  if (signal?.aborted) throw signal.reason instanceof TgtsError ? signal.reason : CancelledError.fromSignal(signal);
  const inbox = new PacketInbox(conn);
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let limitMs = timeoutMs > 0 ? timeoutMs : Infinity;
  if (opts.deadline !== undefined) limitMs = Math.min(limitMs, Math.max(0, opts.deadline - now()));
  const timer =
    limitMs === Infinity
      ? undefined
      : setTimeout(() => inbox.fail(new TimeoutError(`auth key exchange did not finish within ${Math.round(limitMs)} ms`, Math.round(limitMs))), limitMs);
  // a signal aborted with one of our errors (a TimeoutError of the caller's deadline) rejects with it
  const onAbort = (): void => {
    const reason: unknown = (signal as AbortSignal).reason;
    inbox.fail(reason instanceof TgtsError ? reason : CancelledError.fromSignal(signal as AbortSignal));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await runExchange(conn, inbox, opts);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // later packets are not ours to interpret; the owner installs its handler
    inbox.fail(new KeyExchangeError('unexpected-message', 'key exchange already finished'));
  }
}

function validateOptions(opts: CreateAuthKeyOptions): void {
  if (!Number.isInteger(opts.dcId) || opts.dcId === 0) {
    throw new KeyExchangeError('invalid-options', `dcId must be a non-zero integer, got ${opts.dcId}`);
  }
  if (opts.publicKeys.length === 0) throw new KeyExchangeError('invalid-options', 'publicKeys is empty');
  const t = opts.tempExpiresIn;
  if (t !== undefined && (!Number.isInteger(t) || t <= 0 || t > 0x7fffffff)) {
    throw new KeyExchangeError('invalid-options', `tempExpiresIn must be a positive number of seconds, got ${t}`);
  }
}

/** The DC id as written into p_q_inner_data_dc: +10000 on test DCs, negative for media DCs. */
export function innerDataDcId(dcId: number, testMode = false, media = false): number {
  const base = Math.abs(dcId) + (testMode ? 10000 : 0);
  return media || dcId < 0 ? -base : base;
}

function checkNonces(obj: { nonce: Uint8Array; serverNonce?: Uint8Array }, nonce: Uint8Array, serverNonce: Uint8Array | undefined, what: string): void {
  if (!timingSafeEqual(obj.nonce, nonce)) throw new SecurityError('nonce', `${what}: nonce differs from the one the client sent`);
  if (serverNonce && !(obj.serverNonce && timingSafeEqual(obj.serverNonce, serverNonce))) {
    throw new SecurityError('server-nonce', `${what}: server_nonce differs from the one in resPQ`);
  }
}

async function runExchange(conn: ExchangeConnection, inbox: PacketInbox, opts: CreateAuthKeyOptions): Promise<AuthKeyResult> {
  const random = opts.random ?? randomBytes;
  const nextMsgId = opts.nextMsgId ?? createPlainMsgIdGenerator('client');
  const send = (body: Uint8Array): void => conn.send(encodePlainMessage(nextMsgId(), body));
  const receive = async (what: string) => {
    const { msgId, body } = decodePlainMessage(await inbox.next());
    const kind = msgId & 3n;
    if (kind !== 1n && kind !== 3n) throw new SecurityError('msg-id', `${what}: server msg_id ${msgId} must be ≡ 1 or 3 (mod 4)`);
    return decodeObject(body, what);
  };

  // 1. req_pq_multi → resPQ
  const nonce = random(16);
  send(encodeRequest({ _: 'req_pq_multi', nonce }));
  const resPq = await receive('resPQ');
  if (resPq._ !== 'resPQ') throw new KeyExchangeError('unexpected-message', `expected resPQ, got ${resPq._}`);
  checkNonces(resPq, nonce, undefined, 'resPQ');
  const serverNonce = resPq.serverNonce;
  const key = opts.publicKeys.find((k) => resPq.serverPublicKeyFingerprints.includes(k.fingerprint));
  if (!key) {
    const offered = resPq.serverPublicKeyFingerprints.map((f) => `0x${BigInt.asUintN(64, f).toString(16)}`).join(', ');
    throw new KeyExchangeError('unknown-fingerprint', `none of the server's RSA keys [${offered}] is among the ${opts.publicKeys.length} known public keys`);
  }
  if (resPq.pq.length === 0 || resPq.pq.length > 8) {
    throw new SecurityError('pq', `pq must be 1..8 bytes, got ${resPq.pq.length}`);
  }
  const pq = bytesToBigIntBE(resPq.pq);
  let p: bigint;
  let q: bigint;
  try {
    [p, q] = factorizePQ(pq);
  } catch (err) {
    // a prime or degenerate pq from the server is a protocol violation, not a local crypto failure
    throw new SecurityError('pq', `resPQ: pq ${pq} cannot be factorised: ${(err as Error).message}`);
  }
  const pBytes = bigIntToMinimalBytes(p);
  const qBytes = bigIntToMinimalBytes(q);

  // 2. req_DH_params with p_q_inner_data_(temp_)dc under RSA_PAD
  const newNonce = random(32);
  const dc = innerDataDcId(opts.dcId, opts.testMode, opts.media);
  const common = { pq: resPq.pq, p: pBytes, q: qBytes, nonce, serverNonce, newNonce, dc };
  const innerData =
    opts.tempExpiresIn !== undefined
      ? encodeObject({ _: 'p_q_inner_data_temp_dc', ...common, expiresIn: opts.tempExpiresIn })
      : encodeObject({ _: 'p_q_inner_data_dc', ...common });
  send(
    encodeRequest({
      _: 'req_DH_params',
      nonce,
      serverNonce,
      p: pBytes,
      q: qBytes,
      publicKeyFingerprint: key.fingerprint,
      encryptedData: rsaPadEncrypt(innerData, key),
    }),
  );

  // 3. server_DH_params_ok: decrypt and check server_DH_inner_data
  const dhParams = await receive('server_DH_params');
  if (dhParams._ === 'server_DH_params_fail') {
    checkNonces(dhParams, nonce, serverNonce, 'server_DH_params_fail');
    if (!timingSafeEqual(dhParams.newNonceHash, sha1(newNonce).subarray(4, 20))) {
      throw new SecurityError('new-nonce-hash', 'server_DH_params_fail: new_nonce_hash is not SHA1(new_nonce)[4:20]');
    }
    throw new KeyExchangeError('server-dh-params-fail', 'the server refused req_DH_params (server_DH_params_fail)');
  }
  if (dhParams._ !== 'server_DH_params_ok') throw new KeyExchangeError('unexpected-message', `expected server_DH_params_ok, got ${dhParams._}`);
  checkNonces(dhParams, nonce, serverNonce, 'server_DH_params_ok');
  const tmp = deriveTmpAesKeyIv(serverNonce, newNonce);
  if (dhParams.encryptedAnswer.length === 0 || dhParams.encryptedAnswer.length % 16 !== 0) {
    throw new SecurityError('answer-length', `encrypted_answer has ${dhParams.encryptedAnswer.length} bytes, not a positive multiple of 16`);
  }
  const answer = unwrapWithHash(aesIgeDecrypt(dhParams.encryptedAnswer, tmp.key, tmp.iv), 'answer-hash', 'decrypted encrypted_answer');
  const inner = decodeObject(answer, 'server_DH_inner_data');
  if (inner._ !== 'server_DH_inner_data') throw new KeyExchangeError('unexpected-message', `expected server_DH_inner_data, got ${inner._}`);
  checkNonces(inner, nonce, serverNonce, 'server_DH_inner_data');
  const dhPrime = inner.dhPrime;
  const gA = inner.gA;
  checkDhPrime(dhPrime, inner.g);
  checkDhValue(gA, dhPrime);
  const timeOffset = inner.serverTime - Math.floor((opts.now ?? Date.now)() / 1000);
  const gBytes = Uint8Array.of(inner.g);

  // 4. set_client_DH_params until dh_gen_ok (bounded dh_gen_retry)
  const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  let retryId = 0n;
  for (let attempt = 0; ; attempt++) {
    const b = random(256);
    const gB = modPow(gBytes, b, dhPrime);
    checkDhValue(gB, dhPrime);
    const clientInner = encodeObject({ _: 'client_DH_inner_data', nonce, serverNonce, retryId, gB });
    send(
      encodeRequest({
        _: 'set_client_DH_params',
        nonce,
        serverNonce,
        encryptedData: aesIgeEncrypt(wrapWithHash(clientInner, random), tmp.key, tmp.iv),
      }),
    );
    const authKey = modPow(gA, b, dhPrime);
    const answerGen = await receive('set_client_DH_params answer');
    switch (answerGen._) {
      case 'dh_gen_ok': {
        checkNonces(answerGen, nonce, serverNonce, 'dh_gen_ok');
        if (!timingSafeEqual(answerGen.newNonceHash1, computeNewNonceHash(newNonce, authKey, 1))) {
          throw new SecurityError('new-nonce-hash1', 'dh_gen_ok: new_nonce_hash1 does not match the derived auth key');
        }
        const result: AuthKeyResult = {
          authKey,
          authKeyId: authKeyIdOf(authKey),
          serverSalt: readLongLE(computeFirstServerSalt(newNonce, serverNonce)),
          timeOffset,
        };
        if (opts.tempExpiresIn !== undefined) result.expiresAt = inner.serverTime + opts.tempExpiresIn;
        return result;
      }
      case 'dh_gen_retry': {
        checkNonces(answerGen, nonce, serverNonce, 'dh_gen_retry');
        if (!timingSafeEqual(answerGen.newNonceHash2, computeNewNonceHash(newNonce, authKey, 2))) {
          throw new SecurityError('new-nonce-hash2', 'dh_gen_retry: new_nonce_hash2 does not match the derived auth key');
        }
        if (attempt >= maxRetries) throw new KeyExchangeError('too-many-retries', `server answered dh_gen_retry ${attempt + 1} times`);
        retryId = readLongLE(sha1(authKey).subarray(0, 8));
        continue;
      }
      case 'dh_gen_fail': {
        checkNonces(answerGen, nonce, serverNonce, 'dh_gen_fail');
        if (!timingSafeEqual(answerGen.newNonceHash3, computeNewNonceHash(newNonce, authKey, 3))) {
          throw new SecurityError('new-nonce-hash3', 'dh_gen_fail: new_nonce_hash3 does not match the derived auth key');
        }
        throw new KeyExchangeError('dh-gen-fail', 'the server refused the key (dh_gen_fail)');
      }
      default:
        throw new KeyExchangeError('unexpected-message', `expected dh_gen_ok/retry/fail, got ${answerGen._}`);
    }
  }
}
