/**
 * Async iterators with offset paging: history, search, dialogs, participants.
 * @module
 */
export { iterHistory, type HistoryOptions } from './history.js';
export { iterSearch, type SearchOptions } from './search.js';
export { iterDialogs, type DialogsOptions, type DialogItem } from './dialogs.js';
export { iterParticipants, type ParticipantsOptions, type ParticipantItem } from './participants.js';
export type { MessagePagingOptions } from './message-pages.js';
export { chatsRoom, type ChatsRoom } from './room.js';
