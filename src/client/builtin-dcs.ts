/**
 * Telegram's built-in bootstrap data: the RSA public keys that sign the key exchange and the DC addresses a
 * client dials before `help.getConfig` gives it the current list. Source data: `data/public-keys.json`,
 * `data/dc-options.json` (facts collected from public clients; see those files).
 */

/** Production RSA public key (fingerprint 0xd09d1d85de64fd85). */
export const PRODUCTION_PUBLIC_KEY = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g\n5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO\n62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/\n+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9\nt6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs\n5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB\n-----END RSA PUBLIC KEY-----";

/** Test-DC RSA public key (fingerprint 0xb25898df208d2603). */
export const TEST_PUBLIC_KEY = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR\nyy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv\nplUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/\nj25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1\naHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO\nj4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB\n-----END RSA PUBLIC KEY-----";

/** A DC address. */
export interface DcAddress {
  /** DC id (1–5 on production). */
  id: number;
  /** IP address or host name. */
  host: string;
  /** TCP port. */
  port: number;
  /** WebSocket port on the same host, when it differs (local test servers). */
  wsPort?: number;
  /** HTTP transport port on the same host (default 80). */
  httpPort?: number;
  /** Only for file uploads and downloads (`dcOption.media_only`). */
  mediaOnly?: boolean;
  /** A CDN DC (`dcOption.cdn`): file downloads with its own keys. */
  cdn?: boolean;
}

/** Built-in production DC addresses (IPv4, port 443). */
export const PRODUCTION_DCS: readonly DcAddress[] = [
  { id: 1, host: '149.154.175.50', port: 443 },
  { id: 2, host: '149.154.167.51', port: 443 },
  { id: 3, host: '149.154.175.100', port: 443 },
  { id: 4, host: '149.154.167.91', port: 443 },
  { id: 5, host: '149.154.171.5', port: 443 },
];

/** Built-in test DC addresses (IPv4, port 443). */
export const TEST_DCS: readonly DcAddress[] = [
  { id: 1, host: '149.154.175.10', port: 443 },
  { id: 2, host: '149.154.167.40', port: 443 },
  { id: 3, host: '149.154.175.117', port: 443 },
];

/** Built-in production DC addresses, IPv6 (used with `ipv6: true`). */
export const PRODUCTION_DCS_IPV6: readonly DcAddress[] = [
  { id: 1, host: '2001:b28:f23d:f001::a', port: 443 },
  { id: 2, host: '2001:67c:4e8:f002::a', port: 443 },
  { id: 3, host: '2001:b28:f23d:f003::a', port: 443 },
  { id: 4, host: '2001:67c:4e8:f004::a', port: 443 },
  { id: 5, host: '2001:b28:f23f:f005::a', port: 443 },
];

/** Built-in test DC addresses, IPv6 (used with `ipv6: true`). */
export const TEST_DCS_IPV6: readonly DcAddress[] = [
  { id: 1, host: '2001:b28:f23d:f001::e', port: 443 },
  { id: 2, host: '2001:67c:4e8:f002::e', port: 443 },
  { id: 3, host: '2001:b28:f23d:f003::e', port: 443 },
];

/**
 * Host names of Telegram's WebSocket endpoints by DC (as Telegram's web clients use them:
 * `wss://<name>.web.telegram.org/apiws`, `/apiws_test` for the test DCs, `<name>-1` for media).
 */
export const WEBSOCKET_DC_NAMES: Readonly<Record<number, string>> = { 1: 'pluto', 2: 'venus', 3: 'aurora', 4: 'vesta', 5: 'flora' };

/** The DC a fresh client starts on; `*_MIGRATE_X` errors move it. */
export const DEFAULT_DC_ID = 2;
