import { TgtsError } from '../errors.js';

/**
 * Errors raised by the TL layer. One class for every codec failure so callers can
 * `catch (e) { if (e instanceof TlError) ... }` without caring which rule was broken.
 */

/** A TL value could not be decoded or encoded. */
export class TlError extends TgtsError {
  /** Byte offset in the input where decoding failed (-1 when encoding). */
  readonly offset: number;
  /** The TL type (or rule) that was expected at that position. */
  readonly expected: string;
  /** Field path for encode errors, e.g. `messages.sendMessage.entities[1].offset` ('' when decoding). */
  readonly path: string;
  /** The problem alone, without offset, path and expectation (`invalid value (string)`). */
  readonly detail: string;

  constructor(message: string, offset: number, expected: string, path = '') {
    const where = offset >= 0 ? ` at offset ${offset}` : '';
    const field = path ? ` (field ${path})` : '';
    super(`${message}${where}${field}; expected ${expected}`);
    this.name = 'TlError';
    this.offset = offset;
    this.expected = expected;
    this.path = path;
    this.detail = message;
  }
}

/** A `.tl` schema file is malformed. `line` and `column` are 1-based. */
export class TlSchemaError extends TgtsError {
  readonly line: number;
  readonly column: number;
  readonly file: string;

  constructor(message: string, line: number, column: number, file = '<schema>') {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'TlSchemaError';
    this.line = line;
    this.column = column;
    this.file = file;
  }
}
