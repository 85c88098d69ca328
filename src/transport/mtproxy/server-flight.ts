/**
 * The FakeTLS server flight, exactly three records written at once: ServerHello (122 bytes,
 * echoing the client's session id and suite, an X25519 key share, TLS 1.3), ChangeCipherSpec,
 * and one application-data record of random "encrypted handshake". Its digest, at bytes 11..43,
 * is `HMAC-SHA256(K, client random ‖ flight with those 32 bytes zeroed)`.
 * @module
 */
import { hmacSha256, randomBytes, timingSafeEqual } from '../../crypto/index.js';
import { x25519Share } from './key-share.js';

/** Offset of the digest in the flight (and of `random` in the ServerHello record). */
export const SERVER_DIGEST_OFFSET = 11;
/** The ChangeCipherSpec record, the same both ways. */
export const CHANGE_CIPHER_SPEC = Uint8Array.of(0x14, 0x03, 0x03, 0x00, 0x01, 0x01);

/** Options of {@link buildServerFlight}. */
export interface ServerFlightOptions {
  key: Uint8Array;
  /** The client's `random` (its digest) as received. */
  clientRandom: Uint8Array;
  /** The client's 32-byte session id, echoed. */
  sessionId: Uint8Array;
  /** Chosen TLS 1.3 suite (0x1301..0x1303). */
  cipherSuite: number;
  /** Size of the fake encrypted handshake record; default random in 2500..3619 (the size real sites send). */
  fakeCertificateSize?: number;
  random?: (n: number) => Uint8Array;
}

/** Builds the flight with its digest. */
export function buildServerFlight(options: ServerFlightOptions): Uint8Array {
  const random = options.random ?? randomBytes;
  if (options.sessionId.length !== 32) throw new RangeError(`FakeTLS session id must be 32 bytes, got ${options.sessionId.length}`);
  const r = random(2);
  const n = options.fakeCertificateSize ?? 2500 + (((r[0]! << 8) | r[1]!) % 1120);
  const hello = [
    0x16, 0x03, 0x03, 0x00, 0x7a,
    0x02, 0x00, 0x00, 0x76, 0x03, 0x03,
    ...new Array<number>(32).fill(0),
    0x20, ...options.sessionId,
    options.cipherSuite >> 8, options.cipherSuite & 0xff, 0x00,
    0x00, 0x2e,
    0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, ...x25519Share(random),
    0x00, 0x2b, 0x00, 0x02, 0x03, 0x04,
  ];
  const flight = new Uint8Array(hello.length + CHANGE_CIPHER_SPEC.length + 5 + n);
  flight.set(hello, 0);
  flight.set(CHANGE_CIPHER_SPEC, hello.length);
  const app = hello.length + CHANGE_CIPHER_SPEC.length;
  flight.set([0x17, 0x03, 0x03, n >> 8, n & 0xff], app);
  flight.set(random(n), app + 5);
  flight.set(serverDigest(options.key, options.clientRandom, flight), SERVER_DIGEST_OFFSET);
  return flight;
}

/** The digest a flight must carry (computed with its digest bytes zeroed). */
export function serverDigest(key: Uint8Array, clientRandom: Uint8Array, flight: Uint8Array): Uint8Array {
  const zeroed = flight.slice();
  zeroed.fill(0, SERVER_DIGEST_OFFSET, SERVER_DIGEST_OFFSET + 32);
  return hmacSha256(key, clientRandom, zeroed);
}

/** True when `flight` carries the right digest for `clientRandom` under `key` (constant time). */
export function verifyServerFlight(key: Uint8Array, clientRandom: Uint8Array, flight: Uint8Array): boolean {
  return timingSafeEqual(serverDigest(key, clientRandom, flight), flight.subarray(SERVER_DIGEST_OFFSET, SERVER_DIGEST_OFFSET + 32));
}
