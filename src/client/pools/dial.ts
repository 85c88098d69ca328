/**
 * How one connection to a DC is dialled: the transport options for an endpoint and a connection
 * kind. Pure (unit-tested without dialling); {@link dialer} turns a plan into the `dial` function a
 * session calls for every (re)connect.
 *
 * @module
 */
import { connect, type ConnectOptions, type PacketConnection } from '../../transport/index.js';
import type { PoolKind } from '../invoke/types.js';
import type { ResolvedTransport } from '../options.js';
import type { DcEndpoint } from './dc-directory.js';
import { plainWebSocketUrl, telegramWebSocketUrl } from './ws-url.js';

/** What a plan needs besides the endpoint. */
export interface DialContext {
  transport: ResolvedTransport;
  testMode: boolean;
  /** The client talks to Telegram itself (no addresses in the options). */
  telegram: boolean;
  /** TCP: local address to connect from. */
  localAddress?: string | undefined;
}

/** Port of the HTTP transport on Telegram's DCs (`http://<address>:80/api`). */
export const TELEGRAM_HTTP_PORT = 80;

/**
 * Transport options for a connection of `kind` to `endpoint`. Over WebSocket, Telegram's DCs are
 * reached at their `wss://<name>.web.telegram.org/apiws` endpoints (`<name>-1` for file
 * connections), as Telegram's web clients do; an address from the options at `ws://host:port/apiws`.
 * The HTTP transport goes to the address's `httpPort` (80 on Telegram's DCs). A media-only address
 * gets the negative DC id in the obfuscated init (an MTProxy reads the DC from there too). The
 * configured proxy carries every connection, whatever its pool: main, files, CDN, other DCs.
 */
export function dialPlan(endpoint: DcEndpoint, kind: PoolKind, ctx: DialContext): ConnectOptions {
  const { transport } = ctx;
  const plan: ConnectOptions = {
    type: transport.type,
    codec: transport.codec,
    obfuscated: transport.obfuscated,
    host: endpoint.host,
    port: endpoint.port,
    dcId: endpoint.mediaOnly ? -endpoint.dcId : endpoint.dcId,
    testMode: ctx.testMode,
    ...(transport.proxy ? { proxy: transport.proxy } : {}),
  };
  if (transport.type === 'websocket') {
    const named = ctx.telegram && endpoint.source !== 'options' ? telegramWebSocketUrl(endpoint.dcId, { testMode: ctx.testMode, media: kind !== 'main' && kind !== 'cdn' }) : undefined;
    if (named) {
      plan.url = named;
      plan.port = 443;
    } else {
      const port = endpoint.wsPort ?? endpoint.port;
      plan.port = port;
      plan.url = plainWebSocketUrl(endpoint.host, port);
    }
    return plan;
  }
  if (transport.type === 'http') plan.port = endpoint.httpPort ?? TELEGRAM_HTTP_PORT;
  if (ctx.localAddress !== undefined) plan.localAddress = ctx.localAddress;
  return plan;
}

/** The `dial` function of a session: one connection attempt per call, abortable. */
export function dialer(plan: ConnectOptions): (signal?: AbortSignal) => Promise<PacketConnection> {
  return (signal) => connect(signal ? { ...plan, signal } : plan);
}
