/**
 * Async iterators with offset paging: history, search, dialogs, participants, invite links, importers, admin log.
 * @module
 */
export { iterHistory, type HistoryOptions } from './history.js';
export { iterSearch, type SearchOptions } from './search.js';
export { iterDialogs, type DialogsOptions, type DialogItem } from './dialogs.js';
export { iterParticipants, type ParticipantsOptions, type ParticipantItem } from './participants.js';
export { iterInviteLinks, type InviteLinksOptions } from './invite-links.js';
export { iterInviteImporters, type InviteImportersOptions, type ImporterItem } from './invite-importers.js';
export { iterAdminLog, type AdminLogOptions, type AdminLogFilter, type AdminLogItem } from './admin-log.js';
export type { MessagePagingOptions } from './message-pages.js';
export { chatsRoom, type ChatsRoom } from './room.js';
