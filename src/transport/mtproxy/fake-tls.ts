/**
 * Client side of the FakeTLS (`ee` secret) handshake: send the ClientHello, read the server's
 * flight (ServerHello, ChangeCipherSpec, one application-data record), check its digest, then
 * speak application-data records. https://core.telegram.org/mtproto/mtproto-transports
 * @module
 */
import { ProxyError } from '../errors.js';
import type { BytePipe } from '../pipe.js';
import { PipeReader } from '../proxy/pipe-reader.js';
import { buildClientHello } from './client-hello.js';
import type { ClientHelloOptions } from './client-hello.js';
import { CHANGE_CIPHER_SPEC, verifyServerFlight } from './server-flight.js';
import { TlsRecordPipe } from './tls-records.js';

/** Largest record of the server flight we accept (TLS ciphertext limit). */
const MAX_FLIGHT_RECORD = 16 * 1024 + 256;

/** Options of {@link fakeTlsConnect}. */
export interface FakeTlsOptions {
  key: Uint8Array;
  domain: string;
  /** Unix seconds for the digest; default the wall clock. */
  now?: number;
  random?: ClientHelloOptions['random'];
  /** Largest payload per record we send (default 16 384). */
  maxRecordPayload?: number;
}

/**
 * Runs the handshake on a fresh pipe to the proxy and resolves with a pipe of TLS records. A
 * close before the flight (the proxy refused the hello), a malformed flight and a wrong digest
 * are `ProxyError('handshake')`.
 */
export async function fakeTlsConnect(pipe: BytePipe, options: FakeTlsOptions): Promise<BytePipe> {
  const who = `MTProxy ${pipe.remote}`;
  const reader = new PipeReader(pipe, who);
  const hello = buildClientHello({
    domain: options.domain,
    key: options.key,
    now: options.now ?? Math.floor(Date.now() / 1000),
    ...(options.random ? { random: options.random } : {}),
  });
  pipe.write(hello.record);

  const readRecord = async (type: number, what: string): Promise<Uint8Array> => {
    const head = await reader.exactly(5, 'handshake', `FakeTLS ${what}`);
    if (head[0] !== type || head[1] !== 0x03 || head[2] !== 0x03) {
      throw new ProxyError('handshake', `${who} did not answer like an MTProxy: ${what} starts with ${hex(head.subarray(0, 3))}`);
    }
    const len = (head[3]! << 8) | head[4]!;
    if (len > MAX_FLIGHT_RECORD) throw new ProxyError('handshake', `${who}: ${what} record of ${len} bytes`);
    const body = await reader.exactly(len, 'handshake', `FakeTLS ${what}`);
    const out = new Uint8Array(5 + len);
    out.set(head, 0);
    out.set(body, 5);
    return out;
  };
  const serverHello = await readRecord(0x16, 'ServerHello');
  const ccs = await reader.exactly(CHANGE_CIPHER_SPEC.length, 'handshake', 'FakeTLS ChangeCipherSpec');
  if (!ccs.every((b, i) => b === CHANGE_CIPHER_SPEC[i])) {
    throw new ProxyError('handshake', `${who}: expected ChangeCipherSpec after the ServerHello, got ${hex(ccs)}`);
  }
  const appData = await readRecord(0x17, 'encrypted handshake');
  const flight = new Uint8Array(serverHello.length + ccs.length + appData.length);
  flight.set(serverHello, 0);
  flight.set(ccs, serverHello.length);
  flight.set(appData, serverHello.length + ccs.length);
  if (!verifyServerFlight(options.key, hello.random, flight)) {
    throw new ProxyError('handshake', `${who}: server digest mismatch (wrong secret, or the server is not an MTProxy)`);
  }
  return new TlsRecordPipe(reader.release(), { side: 'client', ...(options.maxRecordPayload ? { maxRecordPayload: options.maxRecordPayload } : {}) });
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
