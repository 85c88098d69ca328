import { createCodec } from './codecs/index.js';
import { DEFAULT_MAX_FRAME_SIZE } from './codecs/types.js';
import { FramedConnection } from './framed-connection.js';
import { createObfuscatedInit, encodeDcIdField } from './obfuscated2.js';
import { validateTransportOptions } from './options.js';
import { platform } from '../platform/current.js';
import type { BytePipe } from './pipe.js';
import { formatRemote } from './tcp-pipe.js';
import type { ConnectOptions, PacketConnection } from './types.js';
import { DEFAULT_WS_PATH, WS_MESSAGE_SLACK, WS_SUBPROTOCOL } from './ws-constants.js';

/** Default connect timeout. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to an MTProto server and returns a ready {@link PacketConnection}. The codec tag or the
 * obfuscated2 init is written immediately. Rejects with `TransportError` (`invalid-options`,
 * `connect-failed`, `timeout`, `aborted`).
 */
export async function connect(opts: ConnectOptions): Promise<PacketConnection> {
  validateTransportOptions(opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const maxFrameSize = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  const dcField = encodeDcIdField(opts.dcId, opts.testMode);
  const net = platform().net;
  const dial = { timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const pipe: BytePipe =
    opts.type === 'tcp'
      ? await net.connectTcp(opts.host, opts.port, opts.localAddress === undefined ? dial : { ...dial, localAddress: opts.localAddress })
      : await net.connectWebSocket(opts.url ?? `ws://${formatRemote(opts.host, opts.port)}${opts.path ?? DEFAULT_WS_PATH}`, {
          ...dial,
          maxMessageSize: maxFrameSize + WS_MESSAGE_SLACK,
          protocols: [WS_SUBPROTOCOL],
        });
  const codec = createCodec(opts.codec, { side: 'client', maxFrameSize });
  const info = { codec: opts.codec, obfuscated: opts.obfuscated, dcId: opts.dcId, type: opts.type, remote: pipe.remote };
  if (!opts.obfuscated) return new FramedConnection(pipe, { codec, info, preamble: codec.tag });
  const obf = createObfuscatedInit({ protocolTag: codec.protocolTag as Uint8Array, dcId: dcField, secret: opts.proxySecret });
  return new FramedConnection(pipe, { codec, info, preamble: obf.header, encrypt: obf.encrypt, decrypt: obf.decrypt });
}
