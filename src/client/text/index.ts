/**
 * Formatted text: Telegram's HTML and MarkdownV2 to text + `MessageEntity[]` (UTF-16 offsets) and back.
 * @module
 */
export { parseHtml } from './html-parse.js';
export { parseMarkdown } from './markdown-parse.js';
export { renderHtml } from './html-render.js';
export { renderMarkdown } from './markdown-render.js';
export { escapeHtml, escapeMarkdown, type MarkdownContext } from './escape.js';
export { toInputEntities, type MentionResolver } from './mentions.js';
export { sortEntities, compareEntities } from './entities.js';
export { splitText, MESSAGE_LENGTH_MAX, type SplitTextOptions } from './split.js';
export { TextParseError, type TextPosition } from './errors.js';
export type { FormattedText, TextParseOptions } from './types.js';
