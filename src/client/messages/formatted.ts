/**
 * The text + entities a send or edit carries: plain text, HTML or MarkdownV2 (parsed with UTF-16
 * offsets), or entities given as they are; mentions by id become `inputMessageEntityMentionName`
 * through the peer cache.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import type { PeerCache } from '../peers/cache.js';
import { parseHtml } from '../text/html-parse.js';
import { parseMarkdown } from '../text/markdown-parse.js';
import { toInputEntities } from '../text/mentions.js';

/** How a helper reads its text. */
export interface TextFormatOptions {
  /** `'html'` (Telegram's HTML subset) or `'markdown'` (MarkdownV2); plain text when absent. */
  parseMode?: 'html' | 'markdown';
  /** Entities of a plain text (UTF-16 offsets); ignored with `parseMode`. */
  entities?: MessageEntity[];
}

/** The `message` and `entities` fields of a send or edit. */
export async function formatText(cache: PeerCache, text: string, options: TextFormatOptions): Promise<{ message: string; entities?: MessageEntity[] }> {
  const parsed =
    options.parseMode === 'html' ? parseHtml(text) : options.parseMode === 'markdown' ? parseMarkdown(text) : { text, entities: options.entities ?? [] };
  if (parsed.entities.length === 0) return { message: parsed.text };
  const entities = await toInputEntities(parsed.entities, (id) => cache.inputUser(id));
  return { message: parsed.text, entities };
}
