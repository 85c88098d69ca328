/**
 * tgts crypto layer: AES-IGE/CTR, hashes, MTProto 2.0 message crypto, RSA_PAD, PQ, DH and SRP.
 * @packageDocumentation
 */
export { CryptoError, SecurityError } from './errors.js';
export { sha1, sha256, sha512, md5, hmacSha256, pbkdf2Sha512, randomBytes, randomFill, timingSafeEqual } from './hash.js';
export { createAesCtr } from './ctr.js';
export type { AesCtr } from './ctr.js';
export { aesIgeEncrypt, aesIgeDecrypt, aesIgeEncryptPure, aesIgeDecryptPure, aesIgeBackend } from './ige.js';
export {
  computeMsgKey,
  deriveAesKeyIv,
  computeAuthKeyId,
  computeAuthKeyIdBigInt,
  encryptMessage,
  decryptMessage,
  MESSAGE_HEADER_SIZE,
} from './mtproto2.js';
export type { MessageDirection } from './mtproto2.js';
export { computeMsgKeyV1, deriveAesKeyIvV1, encryptMessageV1, decryptMessageV1 } from './mtproto1.js';
export { deriveTmpAesKeyIv, computeAuthKeyAuxHash, computeNewNonceHash, computeFirstServerSalt } from './exchange-kdf.js';
export { parsePublicKey, computeRsaFingerprint, rsaPadEncrypt, rsaPadDecrypt, rsaDecryptRaw, rsaPadUnwrap } from './rsa.js';
export type { RsaPublicKey } from './rsa.js';
export { factorizePQ } from './pq.js';
export { bytesToBigInt, bigIntToBytes } from './bigint.js';
export { modPow, checkDhPrime, checkDhValue, TELEGRAM_DH_PRIME_HEX } from './dh.js';
export {
  computeSrpAnswer,
  computePasswordHash,
  computeSrpVerifier,
  createSrpServer,
  verifySrpAnswer,
} from './srp.js';
export type { SrpParams, SrpAnswer, SrpServerSession } from './srp.js';
export { isProbablePrime } from './prime.js';
