/**
 * tgts transport layer: MTProto framings (abridged, intermediate, padded intermediate, full),
 * obfuscated2, packet connections over TCP, WebSocket and HTTP (client and server side), and
 * proxies: SOCKS5, HTTP CONNECT, MTProxy (plain, `dd`, FakeTLS `ee`).
 * Spec: https://core.telegram.org/mtproto/mtproto-transports
 * @packageDocumentation
 */
export { TransportError, ProxyError, describeTransportCode } from './errors.js';
export type { TransportErrorKind, ProxyStage } from './errors.js';
export {
  AbridgedCodec,
  IntermediateCodec,
  PaddedIntermediateCodec,
  FullCodec,
  createCodec,
  stripMtprotoPadding,
  transportErrorPayload,
  CODEC_NAMES,
  DEFAULT_MAX_FRAME_SIZE,
} from './codecs/index.js';
export type { Codec, CodecName, CodecOptions, CodecSide, FrameGate } from './codecs/index.js';
export { crc32 } from './crc32.js';
export {
  OBFUSCATED_INIT_SIZE,
  isForbiddenInit,
  deriveObfuscationKeys,
  buildObfuscatedInit,
  createObfuscatedInit,
  parseObfuscatedInit,
  encodeDcIdField,
} from './obfuscated2.js';
export type { ObfuscatedStreams, ObfuscationKeys, ClientObfuscation, ServerObfuscation } from './obfuscated2.js';
export { detectTransport } from './detect.js';
export type { TransportDetection } from './detect.js';
export { validateTransportOptions } from './options.js';
export { connect, DEFAULT_CONNECT_TIMEOUT_MS } from './connect.js';
export { DEFAULT_WS_PATH, WS_SUBPROTOCOL } from './ws-constants.js';
export { parseProxyUrl, resolveProxy } from './proxy/config.js';
export type { ProxyConfig, ResolvedProxy, Socks5ProxyConfig, HttpProxyConfig, MtproxyConfig } from './proxy/config.js';
export { parseMtproxySecret, formatMtproxySecret, secretFromBytes, secretToBytes, MAX_FAKE_TLS_DOMAIN } from './mtproxy/secret.js';
export type { MtproxySecret, MtproxySecretKind } from './mtproxy/secret.js';
export { buildClientHello } from './mtproxy/client-hello.js';
export type { ClientHello, ClientHelloOptions } from './mtproxy/client-hello.js';
export { buildServerFlight, verifyServerFlight } from './mtproxy/server-flight.js';
export type { ServerFlightOptions } from './mtproxy/server-flight.js';
export { DEFAULT_HTTP_SOCKETS } from './http/client.js';
export type {
  PacketConnection,
  ConnectionInfo,
  TransportOptions,
  TransportType,
  ConnectOptions,
  ListenOptions,
  ListenWebSocketOptions,
  Listener,
} from './types.js';
