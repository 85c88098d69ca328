/**
 * The RSA key pair of a test DC: given by the caller, loaded from the data file, or one generated
 * per process (a 2048-bit key takes up to seconds, so servers of one process share it).
 * @module
 */
import { createPublicKey } from 'node:crypto';
import { parsePublicKey } from '../../crypto/index.js';
import { generateRsaKeyPair } from '../crypto/node-crypto.js';
import type { RsaPublicKey } from '../../crypto/index.js';
import { TestServerError } from './errors.js';

/** A usable server key pair. */
export interface ServerRsa {
  privateKeyPem: string;
  publicKey: RsaPublicKey;
}

/** Parses a private key PEM into the pair (a bad key is a `TestServerError` naming the option). */
export function rsaFromPrivate(privateKeyPem: string): ServerRsa {
  try {
    const pem = createPublicKey(privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    return { privateKeyPem, publicKey: parsePublicKey(pem) };
  } catch (err) {
    throw new TestServerError(`rsaKey.privateKeyPem is not a usable RSA private key: ${(err as Error).message}`, undefined, { cause: err });
  }
}

let processKey: ServerRsa | undefined;

/** The key shared by servers of this process that were given none and have none stored. */
export function processRsaKey(): ServerRsa {
  if (!processKey) {
    const k = generateRsaKeyPair();
    processKey = { privateKeyPem: k.privateKeyPem, publicKey: k.publicKey };
  }
  return processKey;
}

/** @internal The RSA key shared by servers of this process that were given none. */
export function defaultRsaKey(): { privateKeyPem: string } {
  return { privateKeyPem: processRsaKey().privateKeyPem };
}
