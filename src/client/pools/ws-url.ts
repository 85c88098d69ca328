/**
 * WebSocket endpoints of Telegram's DCs, as Telegram's web clients reach them: TLS to
 * `<name>.web.telegram.org` (`<name>-1` for file transfers), path `/apiws` (`/apiws_test` on the
 * test DCs). A DC address given in the options (a local server) is dialled as `ws://host:port`.
 *
 * @module
 */
import { WEBSOCKET_DC_NAMES } from '../builtin-dcs.js';

/** The `wss://` URL of a Telegram DC, or undefined when the DC has no named endpoint (CDN DCs, unknown ids). */
export function telegramWebSocketUrl(dcId: number, options: { testMode: boolean; media: boolean }): string | undefined {
  const name = WEBSOCKET_DC_NAMES[dcId];
  if (name === undefined) return undefined;
  return `wss://${name}${options.media ? '-1' : ''}.web.telegram.org/${options.testMode ? 'apiws_test' : 'apiws'}`;
}

/** The `ws://` URL of an address given in the options (IPv6 hosts in brackets). */
export function plainWebSocketUrl(host: string, port: number, path = '/apiws'): string {
  return `ws://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
}
