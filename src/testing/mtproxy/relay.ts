/**
 * Forwarding an accepted MTProxy client to its DC, as MTProxy's direct mode does: a fresh
 * obfuscated2 link without a secret (same protocol tag, same DC id field) to the DC, and the
 * payload bytes re-encrypted both ways. No framing is parsed; the DC sees an ordinary client.
 * @module
 */
import { createCodec } from '../../transport/codecs/index.js';
import { transportErrorPayload } from '../../transport/codecs/index.js';
import { createObfuscatedInit } from '../../transport/obfuscated2.js';
import type { ServerObfuscation } from '../../transport/obfuscated2.js';
import type { BytePipe } from '../../transport/pipe.js';
import { platform } from '../../platform/current.js';

/** Where a DC is. */
export interface BackendAddress {
  host: string;
  port: number;
}

/** Timeout for connecting to the DC. */
const BACKEND_CONNECT_MS = 10_000;

/**
 * Relays `client` (already past its init, whose streams `obf` holds) to `backend`. `first` are
 * payload bytes that arrived with the init. `onEnd` runs once when either side ends.
 */
export function relayToDc(client: BytePipe, obf: ServerObfuscation, backend: BackendAddress, first: Uint8Array | undefined, onEnd: () => void): void {
  const pending: Uint8Array[] = first && first.length > 0 ? [obf.decrypt.update(first)] : [];
  let dc: BytePipe | undefined;
  let dcEncrypt: ServerObfuscation['encrypt'] | undefined;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    client.close(true);
    dc?.close(true);
    onEnd();
  };
  client.setHandlers({
    data: (chunk) => {
      const plain = obf.decrypt.update(chunk);
      if (dc && dcEncrypt) dc.write(dcEncrypt.update(plain));
      else pending.push(plain);
    },
    end: finish,
  });
  platform().net.connectTcp(backend.host, backend.port, { timeoutMs: BACKEND_CONNECT_MS }).then(
    (pipe) => {
      if (done) {
        pipe.close(false);
        return;
      }
      const tag = createCodec(obf.codec, { side: 'client' }).protocolTag as Uint8Array;
      const link = createObfuscatedInit({ protocolTag: tag, dcId: obf.dcId });
      dc = pipe;
      dcEncrypt = link.encrypt;
      pipe.setHandlers({
        data: (chunk) => client.write(obf.encrypt.update(link.decrypt.update(chunk))),
        end: finish,
      });
      pipe.write(link.header);
      for (const p of pending.splice(0)) pipe.write(link.encrypt.update(p));
    },
    () => finish(),
  );
}

/** Sends transport error `code` (e.g. −444, invalid DC) in the client's framing, then closes. */
export function refuseWithCode(client: BytePipe, obf: ServerObfuscation, code: number): void {
  // Unpadded on purpose: a padded 4-byte error would read as a packet to some clients.
  const framing = obf.codec === 'abridged' ? 'abridged' : 'intermediate';
  const framed = createCodec(framing, { side: 'server' }).encode(transportErrorPayload(code));
  client.write(obf.encrypt.update(framed));
  client.close(true);
}
