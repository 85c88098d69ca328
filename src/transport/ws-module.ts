/**
 * The `ws` package, loaded on first use (an optional dependency at run time: without it the
 * runtime's global WebSocket serves clients, and listening over WebSocket is unavailable).
 * @module
 */
type WsModule = typeof import('ws');
let wsModule: Promise<WsModule | undefined> | undefined;

/** The `ws` package when installed, otherwise undefined. */
export function loadWs(): Promise<WsModule | undefined> {
  wsModule ??= import('ws').then(
    (m) => m,
    () => undefined,
  );
  return wsModule;
}
