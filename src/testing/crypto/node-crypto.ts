/**
 * Server-only cryptography of the test server that needs the host (Node): generating RSA key
 * pairs and the synchronous SRP verifier used while seeding state. Clients never need these.
 * @module
 */
import { generateKeyPairSync, pbkdf2Sync } from 'node:crypto';
import { checkDhPrime, modPow, parsePublicKey, type RsaPublicKey } from '../../crypto/index.js';
import { sh } from '../../crypto/srp.js';

/** A fresh 2048-bit RSA key pair (e = 65537) for a test server. */
export function generateRsaKeyPair(): { privateKeyPem: string; publicKeyPem: string; publicKey: RsaPublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65537,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, publicKey: parsePublicKey(publicKey) };
}

const encoder = new TextEncoder();

/**
 * Synchronous SRP verifier `g^x mod p`, for servers and fixtures that set a password while
 * building state synchronously. It blocks the event loop for the whole PBKDF2 (about 0.1 s).
 */
export function computeSrpVerifierSync(password: string, salt1: Uint8Array, salt2: Uint8Array, g: number, p: Uint8Array): Uint8Array {
  checkDhPrime(p, g);
  const ph1 = sh(sh(encoder.encode(password), salt1), salt2);
  const slow = pbkdf2Sync(ph1, salt1, 100_000, 64, 'sha512');
  const x = sh(new Uint8Array(slow.buffer, slow.byteOffset, slow.byteLength), salt2);
  return modPow(Uint8Array.of(g), x, p);
}
