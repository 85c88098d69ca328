/** Default WebSocket path used by Telegram. */
export const DEFAULT_WS_PATH = '/apiws';
/** WebSocket subprotocol Telegram expects. */
export const WS_SUBPROTOCOL = 'binary';
/** A WebSocket message carries at most one frame plus its header and, at the start, a 64-byte init. */
export const WS_MESSAGE_SLACK = 1024;
