/**
 * The error of the text parsers.
 * @module
 */
import { TgtsError } from '../../errors.js';

/** Where in the markup a problem is: UTF-16 offset, 1-based line and column, and the UTF-8 byte offset. */
export interface TextPosition {
  /** UTF-16 code units before the problem (an index into the input string). */
  offset: number;
  /** 1-based line (lines end at `\n`). */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
  /** UTF-8 bytes before the problem: the number Telegram's own messages ("at byte offset N") give. */
  byteOffset: number;
}

/** Computes the {@link TextPosition} of `offset` in `input`. */
export function positionOf(input: string, offset: number): TextPosition {
  const at = Math.max(0, Math.min(offset, input.length));
  let line = 1;
  let lineStart = 0;
  let bytes = 0;
  for (let i = 0; i < at; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < at) {
      const d = input.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
        continue;
      }
      bytes += 3;
    } else bytes += 3;
  }
  return { offset: at, line, column: at - lineStart + 1, byteOffset: bytes };
}

/**
 * HTML or MarkdownV2 markup that Telegram would refuse ("can't parse entities"). `reason` is the
 * problem in Telegram's wording where it has one; the position fields say where it is.
 */
export class TextParseError extends TgtsError implements TextPosition {
  override name = 'TextParseError';
  /** Which parser refused the input. */
  readonly syntax: 'html' | 'markdown';
  /** What is wrong, without the position. */
  readonly reason: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly byteOffset: number;

  constructor(syntax: 'html' | 'markdown', reason: string, position: TextPosition) {
    super(`${reason} at offset ${position.offset} (line ${position.line}, column ${position.column})`);
    this.syntax = syntax;
    this.reason = reason;
    this.offset = position.offset;
    this.line = position.line;
    this.column = position.column;
    this.byteOffset = position.byteOffset;
  }

  /** Builds the error for `offset` in `input`. */
  static at(syntax: 'html' | 'markdown', input: string, offset: number, reason: string): TextParseError {
    return new TextParseError(syntax, reason, positionOf(input, offset));
  }
}
