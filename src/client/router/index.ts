/**
 * The bot router: handlers for commands, text and callback queries over the client's updates.
 * @module
 */
export { createRouter, type Router, type RouterOptions, type MessageHandler, type CallbackHandler } from './router.js';
export { engineEventSource, type EventSource, type RouterEvent } from './source.js';
export { parseCommand, isForBot, type ParsedCommand } from './commands.js';
export * as filters from './filters.js';
export type { MessageFilter } from './filters.js';
export type { MessageContext, CallbackContext, CallbackAnswer } from './context.js';
