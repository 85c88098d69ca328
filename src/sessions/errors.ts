/** The error every converter throws for input it cannot read or data it cannot write. */
import { SessionError } from '../errors.js';
import type { SessionFormat } from './types.js';

/**
 * A session in some format is malformed, or cannot be written in a format (a value it cannot
 * hold). `format` names the format, `field` what is wrong (`'authKey'`, `'port'`, `'passcode'`,
 * `'length'`…); the message says both.
 */
export class SessionFormatError extends SessionError {
  override name = 'SessionFormatError';
  /** The format being read or written; undefined when it could not be recognized at all. */
  declare readonly format?: SessionFormat;

  constructor(format: SessionFormat | undefined, message: string, field?: string, file?: string, options?: ErrorOptions) {
    super(message, file, field, options);
    // "Telethon session string: authKey: …" reads better with the format first
    const where = [format === undefined ? undefined : FORMAT_NAMES[format], file].filter(Boolean).join(' ');
    this.message = `${where ? `${where}: ` : ''}${field === undefined ? '' : `${field}: `}${message}`;
    if (format !== undefined) this.format = format;
  }
}

/** Human names of the formats, for messages. */
export const FORMAT_NAMES: Readonly<Record<SessionFormat, string>> = {
  tgts: 'tgts session string',
  'tgts-file': 'tgts session file',
  'tgts-sqlite': 'tgts SQLite session',
  gramjs: 'GramJS session string',
  telethon: 'Telethon session string',
  'telethon-sqlite': 'Telethon session file',
  pyrogram: 'Pyrogram session string',
  'pyrogram-sqlite': 'Pyrogram session file',
  mtcute: 'mtcute session string',
  tdata: 'Telegram Desktop tdata',
};
