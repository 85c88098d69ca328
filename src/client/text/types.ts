/**
 * Shapes shared by the HTML and MarkdownV2 parsers and renderers.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';

/**
 * Plain text with its formatting, as `messages.sendMessage` takes it (`message` + `entities`) and
 * `message` objects carry it. Offsets and lengths of `entities` count UTF-16 code units of `text`.
 */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/**
 * Options of `parseHtml` and `parseMarkdown`.
 *
 * By default the parsers follow Telegram: malformed markup throws a {@link TextParseError} with its
 * position, like the Bot API's "can't parse entities" answers. With `lenient: true` they never throw:
 * markup they cannot understand is kept as literal text (unknown HTML tags are dropped, their content
 * kept; `<br>` becomes a newline), unmatched end tags are ignored, and entities left open at the end are
 * closed there (HTML) or given back as literal characters (MarkdownV2).
 */
export interface TextParseOptions {
  /** Never throw; see above. Default false. */
  lenient?: boolean;
}
