import { CODEC_NAMES } from './codecs/index.js';
import type { CodecName } from './codecs/types.js';
import { TransportError } from './errors.js';
import type { ConnectOptions, TransportOptions } from './types.js';

/**
 * Throws `TransportError('invalid-options')` for impossible or malformed transport choices
 * (unknown codec/type, full + obfuscated, HTTP + obfuscated, proxy secret without obfuscation, bad port,
 * dcId, timeouts). The proxy itself is checked by `resolveProxy`.
 * Accepts bare {@link TransportOptions} or full {@link ConnectOptions}.
 */
export function validateTransportOptions(opts: TransportOptions | ConnectOptions): void {
  const bad = (msg: string): never => {
    throw new TransportError('invalid-options', msg);
  };
  if (opts.type !== 'tcp' && opts.type !== 'websocket' && opts.type !== 'http') {
    bad(`type must be 'tcp', 'websocket' or 'http', got ${JSON.stringify(opts.type)}`);
  }
  if (!CODEC_NAMES.includes(opts.codec as CodecName)) {
    bad(`codec must be one of ${CODEC_NAMES.join(', ')}, got ${JSON.stringify(opts.codec)}`);
  }
  if (typeof opts.obfuscated !== 'boolean') bad('obfuscated must be a boolean');
  if (opts.type === 'http' && opts.obfuscated) bad('the HTTP transport cannot be obfuscated (pass obfuscated: false)');
  if (opts.codec === 'full' && opts.obfuscated) bad('the full transport cannot be obfuscated (use abridged, intermediate or paddedIntermediate)');
  if (!('host' in opts)) return;
  const c = opts;
  if (typeof c.host !== 'string' || c.host.length === 0) bad('host must be a non-empty string');
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) bad(`port must be an integer in 1..65535, got ${c.port}`);
  if (!Number.isInteger(c.dcId) || c.dcId === 0) bad(`dcId must be a non-zero integer, got ${c.dcId}`);
  const field = c.testMode ? c.dcId + Math.sign(c.dcId) * 10000 : c.dcId;
  if (field < -0x8000 || field > 0x7fff) bad(`dcId ${c.dcId} does not fit the int16 init field`);
  if (c.timeoutMs !== undefined && !(c.timeoutMs > 0)) bad(`timeoutMs must be positive, got ${c.timeoutMs}`);
  if (c.maxFrameSize !== undefined && !(Number.isSafeInteger(c.maxFrameSize) && c.maxFrameSize >= 4)) {
    bad(`maxFrameSize must be an integer >= 4, got ${c.maxFrameSize}`);
  }
  if (c.path !== undefined && !c.path.startsWith('/')) bad(`path must start with '/', got ${JSON.stringify(c.path)}`);
  if (c.url !== undefined && !/^wss?:\/\/[^/]+\//.test(c.url)) bad(`url must be a ws:// or wss:// URL with a path, got ${JSON.stringify(c.url)}`);
  if (c.proxySecret !== undefined && !c.obfuscated) bad('proxySecret requires obfuscated: true');
  if (c.proxySecret !== undefined && c.proxy !== undefined) bad('pass the MTProxy secret in proxy, not in proxySecret as well');
  if (c.httpSockets !== undefined && !(Number.isInteger(c.httpSockets) && c.httpSockets >= 1 && c.httpSockets <= 64)) {
    bad(`httpSockets must be an integer in 1..64, got ${c.httpSockets}`);
  }
}
