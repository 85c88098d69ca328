/**
 * Decoding of the three requests a client sends during the exchange (server side).
 * Read field by field with the TL Reader so the server does not depend on method decoding.
 */
import { SecurityError } from '../crypto/index.js';
import { TlError } from '../tl/errors.js';
import { Reader } from '../tl/runtime/reader.js';

/** req_pq_multi#be7e8ef1 / req_pq#60469778 */
export interface ReqPqMessage {
  _: 'req_pq_multi' | 'req_pq';
  nonce: Uint8Array;
}
/** req_DH_params#d712e4be */
export interface ReqDhParamsMessage {
  _: 'req_DH_params';
  nonce: Uint8Array;
  serverNonce: Uint8Array;
  p: Uint8Array;
  q: Uint8Array;
  publicKeyFingerprint: bigint;
  encryptedData: Uint8Array;
}
/** set_client_DH_params#f5045f1f */
export interface SetClientDhParamsMessage {
  _: 'set_client_DH_params';
  nonce: Uint8Array;
  serverNonce: Uint8Array;
  encryptedData: Uint8Array;
}
/** Any request of the exchange. */
export type ExchangeRequest = ReqPqMessage | ReqDhParamsMessage | SetClientDhParamsMessage;

const REQ_PQ_MULTI = 0xbe7e8ef1;
const REQ_PQ = 0x60469778;
const REQ_DH_PARAMS = 0xd712e4be;
const SET_CLIENT_DH_PARAMS = 0xf5045f1f;

/** Decodes an exchange request; anything else or malformed → `SecurityError`. */
export function readExchangeRequest(body: Uint8Array): ExchangeRequest {
  const r = new Reader(body);
  let req: ExchangeRequest;
  try {
    const id = r.uint();
    switch (id) {
      case REQ_PQ_MULTI:
        req = { _: 'req_pq_multi', nonce: r.int128() };
        break;
      case REQ_PQ:
        req = { _: 'req_pq', nonce: r.int128() };
        break;
      case REQ_DH_PARAMS:
        req = {
          _: 'req_DH_params',
          nonce: r.int128(),
          serverNonce: r.int128(),
          p: r.bytes(),
          q: r.bytes(),
          publicKeyFingerprint: r.long(),
          encryptedData: r.bytes(),
        };
        break;
      case SET_CLIENT_DH_PARAMS:
        req = { _: 'set_client_DH_params', nonce: r.int128(), serverNonce: r.int128(), encryptedData: r.bytes() };
        break;
      default:
        throw new SecurityError('unexpected-request', `constructor 0x${id.toString(16).padStart(8, '0')} is not a key exchange request`);
    }
  } catch (err) {
    if (err instanceof TlError) {
      const e = new SecurityError('tl-decode', `key exchange request is not valid TL: ${err.message}`);
      (e as Error).cause = err;
      throw e;
    }
    throw err;
  }
  if (r.pos !== body.length) {
    throw new SecurityError('tl-trailing-bytes', `${req._}: ${body.length - r.pos} unexpected bytes after the request at offset ${r.pos}`);
  }
  return req;
}
