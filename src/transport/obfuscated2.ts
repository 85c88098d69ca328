import { createAesCtr, randomBytes, sha256, type AesCtr } from '../crypto/index.js';
import type { CodecName } from './codecs/types.js';
import { TransportError } from './errors.js';

/** Size of the obfuscated2 init a client sends first. */
export const OBFUSCATED_INIT_SIZE = 64;

/** Both AES-256-CTR streams of an obfuscated connection, from one side's point of view. */
export interface ObfuscatedStreams {
  /** Encrypts bytes this side sends. */
  readonly encrypt: AesCtr;
  /** Decrypts bytes this side receives. */
  readonly decrypt: AesCtr;
}

/** Keys derived from an init, from the client's point of view (the server swaps them). */
export interface ObfuscationKeys {
  encryptKey: Uint8Array;
  encryptIv: Uint8Array;
  decryptKey: Uint8Array;
  decryptIv: Uint8Array;
}

/** Result of building a client init. */
export interface ClientObfuscation extends ObfuscatedStreams {
  /** The 64 bytes to send first: init[0..56] in clear, then the encrypted init[56..64]. */
  readonly header: Uint8Array;
}

/** What a server learns from a client init. */
export interface ServerObfuscation extends ObfuscatedStreams {
  /** Codec named by the decrypted protocol tag. */
  readonly codec: Exclude<CodecName, 'full'>;
  /** Raw DC id field (int16 LE at bytes 60..62): negative for media, +10000 for test DCs. */
  readonly dcId: number;
}

const TAGS: ReadonlyArray<readonly [number, Exclude<CodecName, 'full'>]> = [
  [0xefefefef, 'abridged'],
  [0xeeeeeeee, 'intermediate'],
  [0xdddddddd, 'paddedIntermediate'],
];

// First words (read LE) a client init must not start with: plain transport tags, HTTP methods, TLS.
const FORBIDDEN_FIRST_WORDS = new Set<number>([
  0x44414548, // 'HEAD'
  0x54534f50, // 'POST'
  0x20544547, // 'GET '
  0x4954504f, // 'OPTI'
  0xdddddddd,
  0xeeeeeeee,
  0x02010316, // 16 03 01 02: TLS record start
]);

function u32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) + bytes[offset + 3] * 0x1000000;
}

/**
 * True when `init` could be mistaken for another transport and must be regenerated:
 * byte 0 is 0xef, the first word is a plain tag / HTTP method / TLS start, or bytes 4..8 are zero.
 */
export function isForbiddenInit(init: Uint8Array): boolean {
  if (init[0] === 0xef) return true;
  if (FORBIDDEN_FIRST_WORDS.has(u32(init, 0))) return true;
  return u32(init, 4) === 0;
}

/** Normalises an MTProxy secret: 16 bytes, or 17 with a leading 0xdd marker. */
function proxySecret(secret: Uint8Array | undefined): Uint8Array | undefined {
  if (secret === undefined) return undefined;
  if (secret.length === 17 && secret[0] === 0xdd) return secret.subarray(1);
  if (secret.length !== 16) {
    throw new TransportError('invalid-options', `MTProxy secret must be 16 bytes (or 17 with a 0xdd prefix), got ${secret.length}`);
  }
  return secret;
}

/** Derives the client-side keys from a 64-byte init (optionally mixed with an MTProxy secret). */
export function deriveObfuscationKeys(init: Uint8Array, secret?: Uint8Array): ObfuscationKeys {
  if (init.length !== OBFUSCATED_INIT_SIZE) {
    throw new TransportError('bad-init', `obfuscated2 init must be ${OBFUSCATED_INIT_SIZE} bytes, got ${init.length}`);
  }
  const s = proxySecret(secret);
  const reversed = init.slice(8, 56).reverse();
  let encryptKey: Uint8Array = init.slice(8, 40);
  let decryptKey: Uint8Array = reversed.slice(0, 32);
  if (s) {
    encryptKey = sha256(encryptKey, s);
    decryptKey = sha256(decryptKey, s);
  }
  return { encryptKey, encryptIv: init.slice(40, 56), decryptKey, decryptIv: reversed.slice(32, 48) };
}

/** Checks the DC id fits the int16 field. */
function checkDcField(dcId: number): void {
  if (!Number.isInteger(dcId) || dcId < -0x8000 || dcId > 0x7fff) {
    throw new TransportError('invalid-options', `obfuscated2 DC id must be an int16, got ${dcId}`);
  }
}

/**
 * Builds a client init from 64 given bytes (no forbidden-word check; see {@link createObfuscatedInit}):
 * writes the protocol tag at 56..60 and the DC id at 60..62, derives the streams and returns the header.
 */
export function buildObfuscatedInit(
  random64: Uint8Array,
  protocolTag: Uint8Array,
  dcId: number,
  secret?: Uint8Array,
): ClientObfuscation {
  if (protocolTag.length !== 4) throw new TransportError('invalid-options', `protocol tag must be 4 bytes, got ${protocolTag.length}`);
  checkDcField(dcId);
  const init = random64.slice();
  init.set(protocolTag, 56);
  init[60] = dcId & 0xff;
  init[61] = (dcId >> 8) & 0xff;
  const keys = deriveObfuscationKeys(init, secret);
  const encrypt = createAesCtr(keys.encryptKey, keys.encryptIv);
  const decrypt = createAesCtr(keys.decryptKey, keys.decryptIv);
  const encrypted = encrypt.update(init);
  const header = init.slice();
  header.set(encrypted.subarray(56, 64), 56);
  return { header, encrypt, decrypt };
}

/** Builds a random client init that no server could mistake for another transport. */
export function createObfuscatedInit(options: {
  protocolTag: Uint8Array;
  dcId: number;
  secret?: Uint8Array;
  random?: (n: number) => Uint8Array;
}): ClientObfuscation {
  const random = options.random ?? randomBytes;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const candidate = random(OBFUSCATED_INIT_SIZE);
    if (!isForbiddenInit(candidate)) return buildObfuscatedInit(candidate, options.protocolTag, options.dcId, options.secret);
  }
  throw new TransportError('bad-init', 'obfuscated2: random source kept producing forbidden inits');
}

/**
 * Server side: derives the mirrored streams from a client's 64-byte header, checks the decrypted
 * protocol tag and reads the DC id. Throws `TransportError('bad-init')` for an unknown tag.
 */
export function parseObfuscatedInit(header: Uint8Array, secret?: Uint8Array): ServerObfuscation {
  const keys = deriveObfuscationKeys(header, secret);
  // The client's encrypt stream is our decrypt stream and vice versa.
  const decrypt = createAesCtr(keys.encryptKey, keys.encryptIv);
  const encrypt = createAesCtr(keys.decryptKey, keys.decryptIv);
  const plain = decrypt.update(header);
  const tag = u32(plain, 56);
  const codec = TAGS.find(([t]) => t === tag)?.[1];
  if (codec === undefined) {
    throw new TransportError('bad-init', `obfuscated2: unknown protocol tag 0x${tag.toString(16).padStart(8, '0')} at offset 56`);
  }
  const dcId = (plain[60] | (plain[61] << 8)) << 16 >> 16;
  return { codec, dcId, encrypt, decrypt };
}

/**
 * DC id as written into the init: `dcId` (negative for media DCs) moved by 10000 away from zero for
 * test DCs, e.g. test DC 2 → 10002, media test DC 2 → −10002.
 */
export function encodeDcIdField(dcId: number, testMode = false): number {
  if (!Number.isInteger(dcId) || dcId === 0) throw new TransportError('invalid-options', `dcId must be a non-zero integer, got ${dcId}`);
  const field = testMode ? dcId + Math.sign(dcId) * 10000 : dcId;
  checkDcField(field);
  return field;
}
