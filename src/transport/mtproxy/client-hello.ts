/**
 * The FakeTLS ClientHello: shaped like a current Chrome's (GREASE in suites, groups, versions,
 * key shares and first/last extension; X25519MLKEM768 + X25519 shares; ALPN h2/http1.1; brotli
 * certificate compression; ALPS; an ECH GREASE extension; the middle extensions in a random order
 * per connection; the padding extension when the hello would be 256..511 bytes), with the
 * secret's domain as SNI and MTProxy's digest in `random`:
 * `HMAC-SHA256(K, record with random zeroed)`, its last 4 bytes XORed with the unix time (LE).
 * @module
 */
import { hmacSha256, randomBytes } from '../../crypto/index.js';
import { utf8 } from '../../encoding.js';
import { mlKem768Share, x25519Share } from './key-share.js';

/** Options of {@link buildClientHello}. */
export interface ClientHelloOptions {
  /** SNI host name (the FakeTLS secret's domain). */
  domain: string;
  /** The 16-byte proxy key. */
  key: Uint8Array;
  /** Unix time in seconds written into the digest. */
  now: number;
  /** Random source (tests pass a seeded one). */
  random?: (n: number) => Uint8Array;
  /** Offer X25519MLKEM768 as Chrome ≥ 131 does (default true); without it the hello is padded to 517 bytes. */
  postQuantum?: boolean;
  /** Send Chrome's ECH GREASE extension (default true). */
  echGrease?: boolean;
}

/** A built ClientHello record and the values the server's answer is checked against. */
export interface ClientHello {
  /** The whole TLS record (5-byte header included). */
  record: Uint8Array;
  /** `random` as sent (the digest), which the server digest covers. */
  random: Uint8Array;
  sessionId: Uint8Array;
}

/** Byte offset of `random` in the record. */
export const CLIENT_RANDOM_OFFSET = 11;

/** Chrome's cipher suites after the GREASE one. */
const CHROME_SUITES = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
const SIGNATURE_ALGORITHMS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
const X25519 = 0x001d;
const X25519_MLKEM768 = 0x11ec;

/**
 * GREASE values (RFC 8701: 0x?A?A) for the 7 places Chrome uses them; neighbours differ, so the
 * first and last GREASE extensions never share a type.
 */
export function greaseValues(random: (n: number) => Uint8Array): number[] {
  const r = random(7);
  const out: number[] = [];
  for (let i = 0; i < 7; i++) {
    let b = (r[i]! & 0xf0) | 0x0a;
    if (i > 0 && b === (out[i - 1]! & 0xff)) b ^= 0x10;
    out.push((b << 8) | b);
  }
  return out;
}

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

function ext(type: number, data: ArrayLike<number>): number[] {
  return [...u16(type), ...u16(data.length), ...Array.from(data)];
}

function list16(values: number[]): number[] {
  return values.flatMap(u16);
}

/** Builds the record, fills in the digest and returns it. */
export function buildClientHello(options: ClientHelloOptions): ClientHello {
  const random = options.random ?? randomBytes;
  const pq = options.postQuantum ?? true;
  const grease = greaseValues(random);
  const x25519 = x25519Share(random);
  const name = utf8(options.domain);

  const groups = [grease[4]!, ...(pq ? [X25519_MLKEM768] : []), X25519, 0x0017, 0x0018];
  const shares: number[] = [...u16(grease[4]!), ...u16(1), 0x00];
  if (pq) {
    const hybrid = new Uint8Array(1216);
    hybrid.set(mlKem768Share(random), 0);
    hybrid.set(x25519, 1184);
    shares.push(...u16(X25519_MLKEM768), ...u16(hybrid.length), ...hybrid);
  }
  shares.push(...u16(X25519), ...u16(32), ...x25519);

  const middle: number[][] = [
    ext(0x0000, [...u16(name.length + 3), 0x00, ...u16(name.length), ...name]),
    ext(0x0017, []),
    ext(0xff01, [0x00]),
    ext(0x000a, [...u16(groups.length * 2), ...list16(groups)]),
    ext(0x000b, [0x01, 0x00]),
    ext(0x0023, []),
    ext(0x0010, [...u16(12), 0x02, ...utf8('h2'), 0x08, ...utf8('http/1.1')]),
    ext(0x0005, [0x01, 0x00, 0x00, 0x00, 0x00]),
    ext(0x000d, [...u16(SIGNATURE_ALGORITHMS.length * 2), ...list16(SIGNATURE_ALGORITHMS)]),
    ext(0x0012, []),
    ext(0x0033, [...u16(shares.length), ...shares]),
    ext(0x002d, [0x01, 0x01]),
    ext(0x002b, [0x06, ...u16(grease[6]!), 0x03, 0x04, 0x03, 0x03]),
    ext(0x001b, [0x02, 0x00, 0x02]),
    ext(0x44cd, [...u16(3), 0x02, ...utf8('h2')]),
  ];
  if (options.echGrease ?? true) {
    const payload = 144 + 32 * (random(1)[0]! & 3);
    middle.push(ext(0xfe0d, [0x00, ...u16(0x0001), ...u16(0x0001), random(1)[0]!, ...u16(32), ...x25519Share(random), ...u16(payload), ...random(payload)]));
  }
  shuffle(middle, random);
  let extensions = [...ext(grease[2]!, []), ...middle.flat(), ...ext(grease[3]!, [0x00])];

  const sessionId = random(32).slice();
  const body = (exts: number[]): number[] => [
    0x03, 0x03,
    ...new Array<number>(32).fill(0),
    32, ...sessionId,
    ...u16((CHROME_SUITES.length + 1) * 2), ...u16(grease[0]!), ...list16(CHROME_SUITES),
    0x01, 0x00,
    ...u16(exts.length), ...exts,
  ];
  // BoringSSL pads a hello of 256..511 bytes (handshake header included) to 512.
  const unpadded = 4 + body(extensions).length;
  if (unpadded > 0xff && unpadded < 0x200) {
    const fill = Math.max(1, 0x200 - unpadded - 4);
    extensions = [...extensions, ...ext(0x0015, new Array<number>(fill).fill(0))];
  }
  const hello = body(extensions);
  const record = Uint8Array.from([0x16, 0x03, 0x01, ...u16(hello.length + 4), 0x01, 0x00, ...u16(hello.length), ...hello]);
  const digest = hmacSha256(options.key, record);
  const now = options.now >>> 0;
  digest[28]! ^= now & 0xff;
  digest[29]! ^= (now >>> 8) & 0xff;
  digest[30]! ^= (now >>> 16) & 0xff;
  digest[31]! ^= (now >>> 24) & 0xff;
  record.set(digest, CLIENT_RANDOM_OFFSET);
  return { record, random: digest, sessionId };
}

/** Fisher–Yates over the random source. */
function shuffle<T>(items: T[], random: (n: number) => Uint8Array): void {
  const r = random(items.length * 2);
  for (let i = items.length - 1; i > 0; i--) {
    const j = ((r[i * 2]! << 8) | r[i * 2 + 1]!) % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
