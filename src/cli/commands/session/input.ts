/** What `tgts session import|export|detect` read: a path, a session string, or `-` for stdin. */
import { existsSync } from 'node:fs';
import type { ImportSessionOptions, PortableSession, SessionFormat, SessionPath } from '../../../sessions/index.js';
import { FORMAT_NAMES } from '../../../sessions/index.js';
import type { ParsedValues } from '../../args.js';
import { intOption, str } from '../../args.js';
import type { CliIo } from '../../io.js';
import { UsageError } from '../../usage-error.js';

/** Options every session subcommand that reads a session takes. */
export const INPUT_OPTIONS = {
  from: { type: 'string' },
  passcode: { type: 'string' },
  account: { type: 'string' },
} as const;

export const INPUT_HELP = `  --from FORMAT         skip detection: tgts, gramjs, telethon, telethon-sqlite, pyrogram,
                        mtcute, tdata, tgts-file, tgts-sqlite
  --passcode TEXT       tdata: the local passcode of Telegram Desktop (or TGTS_TDATA_PASSCODE)
  --account N           tdata: which account (0 = the first); default the first`;

async function readStdin(io: CliIo): Promise<string> {
  const stream = io.stdin ?? process.stdin;
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
  return text.trim();
}

/** INPUT as the converters take it: an existing file or folder, `-` (stdin), or a session string. */
export async function sessionInput(text: string, io: CliIo): Promise<string | SessionPath> {
  if (text === '-') return readStdin(io);
  if (existsSync(text)) return { path: text };
  if (text.length < 100) throw new UsageError(`'${text}' is neither a file, a folder nor a session string`);
  return text.trim();
}

/** The import options from the command line. */
export function importOptions(values: ParsedValues, io: CliIo): ImportSessionOptions {
  const options: ImportSessionOptions = {};
  const from = str(values, 'from');
  if (from !== undefined) {
    if (!Object.hasOwn(FORMAT_NAMES, from)) throw new UsageError(`--from: unknown format '${from}' (one of ${Object.keys(FORMAT_NAMES).join(', ')})`);
    options.format = from as SessionFormat;
  }
  const passcode = str(values, 'passcode') ?? (io.env ?? process.env).TGTS_TDATA_PASSCODE;
  if (passcode !== undefined) options.passcode = passcode;
  const account = intOption(values, 'account', { min: 0, max: 63 });
  if (account !== undefined) options.account = account;
  return options;
}

/** `Telethon session file (SQLite) v7: DC 2, user 5000000001 (bot), test DCs, 4 peers`. */
export function describeSession(s: PortableSession): string {
  const user = s.user ? `user ${s.user.id}${s.user.bot ? ' (bot)' : ''}` : 'user not recorded';
  const extra = [s.testMode ? 'test DCs' : '', s.dcs.length > 1 ? `keys for DCs ${s.dcs.map((d) => d.id).join(', ')}` : '', s.peers.length ? `${s.peers.length} peers` : '']
    .filter(Boolean)
    .join(', ');
  return `${s.source.label} (${s.source.variant}): DC ${s.dcId}, ${user}${extra ? `, ${extra}` : ''}`;
}
