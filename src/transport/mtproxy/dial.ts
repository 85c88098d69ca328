/**
 * Reaching a DC through an MTProxy: the proxy gets an obfuscated2 stream keyed with the secret
 * (inside FakeTLS records for `ee` secrets). The DC id in the init picks the DC behind the proxy.
 * @module
 */
import type { CodecName } from '../codecs/types.js';
import type { DialScope } from '../dial-scope.js';
import { TransportError } from '../errors.js';
import type { BytePipe } from '../pipe.js';
import { openToProxy } from '../proxy/tunnel.js';
import type { TcpOpener } from '../proxy/tunnel.js';
import { fakeTlsConnect } from './fake-tls.js';
import type { MtproxySecret } from './secret.js';

/** A resolved MTProxy setting. */
export interface MtproxyTarget {
  type: 'mtproxy';
  host: string;
  port: number;
  secret: MtproxySecret;
}

/** What the framing layer needs after the proxy handshake. */
export interface MtproxyRoute {
  pipe: BytePipe;
  /** The codec the secret allows (`dd`/`ee`: padded intermediate whatever was asked). */
  codec: Exclude<CodecName, 'full'>;
  /** The 16-byte key the obfuscated2 keys are mixed with. */
  key: Uint8Array;
}

/** The codec a secret kind allows; `full` cannot be obfuscated, so no MTProxy carries it. */
export function mtproxyCodec(secret: MtproxySecret, requested: CodecName): Exclude<CodecName, 'full'> {
  if (secret.kind !== 'plain') return 'paddedIntermediate';
  if (requested === 'full') {
    throw new TransportError('invalid-options', "an MTProxy carries obfuscated transports only: use abridged, intermediate or paddedIntermediate, not 'full'");
  }
  return requested;
}

/** Opens the stream to the proxy (and runs the FakeTLS handshake for `ee` secrets). */
export async function openMtproxy(proxy: MtproxyTarget, requested: CodecName, scope: DialScope, open: TcpOpener): Promise<MtproxyRoute> {
  const codec = mtproxyCodec(proxy.secret, requested);
  let pipe = await openToProxy(proxy, scope, open);
  if (proxy.secret.kind === 'faketls') {
    pipe = await fakeTlsConnect(pipe, { key: proxy.secret.key, domain: proxy.secret.domain ?? '' });
  }
  return { pipe, codec, key: proxy.secret.key };
}
