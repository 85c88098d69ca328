/**
 * Connection options shared by every command that talks to a server, and how they become a
 * {@link Client}. The session file remembers the server address (and the auth key), so after the
 * first `--server` only `--session` is needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PRODUCTION_DCS, TEST_DCS } from '../client/builtin-dcs.js';
import type { DcAddress } from '../client/builtin-dcs.js';
import { Client } from '../client/client.js';
import { TimeoutError } from '../client/errors.js';
import type { ClientOptions, TransportChoice } from '../client/options.js';
import { FileSession } from '../storage/file/session.js';
import type { SessionData } from '../storage/session/types.js';
import type { CodecName } from '../transport/index.js';
import type { OptionSpecs, ParsedValues } from './args.js';
import { intOption, str } from './args.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

/** Default session file, relative to the working directory. */
export const DEFAULT_SESSION_FILE = 'tgts.session';
/** Where `tgts serve` writes the server's public key, and where other commands look for it. */
export const DEFAULT_KEY_FILE = 'tgts-test-key.pem';
/** api id/hash sent to a local test server, which does not check them. */
const LOCAL_API_ID = 1;
const LOCAL_API_HASH = 'tgts-local-test-server';

/** parseArgs specs of the connection options. */
export const CONNECTION_OPTIONS: OptionSpecs = {
  session: { type: 'string', short: 's' },
  server: { type: 'string' },
  key: { type: 'string' },
  'api-id': { type: 'string' },
  'api-hash': { type: 'string' },
  dc: { type: 'string' },
  transport: { type: 'string' },
  codec: { type: 'string' },
  timeout: { type: 'string' },
};

/** Help text of the connection options (appended to each command's help). */
export const CONNECTION_HELP = `Connection options:
  -s, --session FILE   session file (auth key, server address, account); default ./${DEFAULT_SESSION_FILE}
  --server HOST:PORT   a local test server (see 'tgts serve'); remembered in the session file
  --key FILE           the server's RSA public key (PEM) for the first connection to a local
                       server; default ./${DEFAULT_KEY_FILE} when it exists
  --api-id N           Telegram app id (or TG_API_ID); needed for Telegram, not for local servers
  --api-hash HASH      Telegram app hash (or TG_API_HASH)
  --dc N               DC to start on (default: the session's DC, else 2)
  --transport T        tcp (default) or websocket
  --codec C            abridged, intermediate (default), paddedIntermediate or full
  --timeout SECONDS    time limit of each call (default 30)`;

const CODECS: readonly CodecName[] = ['abridged', 'intermediate', 'paddedIntermediate', 'full'];

/** `host:port` (IPv6 as `[::1]:port`). */
export function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port < 1 || port > 65535) throw new UsageError(`--server: expected HOST:PORT (like 127.0.0.1:8443), got '${text}'`);
  return { host: (match[1] ?? match[2])!, port };
}

const KNOWN_TELEGRAM_HOSTS = new Set([...PRODUCTION_DCS, ...TEST_DCS].map((d) => d.host));

/** The address stored for the session's primary DC, if any. */
function storedAddress(data: SessionData | undefined): DcAddress | undefined {
  if (!data) return undefined;
  const dc = data.dcs[data.dcId];
  if (dc?.host === undefined || dc.port === undefined) return undefined;
  return { id: data.dcId, host: dc.host, port: dc.port };
}

function transportChoice(values: ParsedValues): TransportChoice {
  const type = str(values, 'transport') ?? 'tcp';
  if (type !== 'tcp' && type !== 'websocket') throw new UsageError(`--transport: expected tcp or websocket, got '${type}'`);
  const codec = (str(values, 'codec') ?? 'intermediate') as CodecName;
  if (!CODECS.includes(codec)) throw new UsageError(`--codec: expected one of ${CODECS.join(', ')}, got '${codec}'`);
  // obfuscated2 cannot carry the `full` codec
  return { type, codec, obfuscated: codec !== 'full' };
}

function readKey(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--key: cannot read '${path}': ${(err as Error).message}`);
  }
}

/**
 * Opens the session file and builds a client from the connection options. The caller runs it
 * with `client.run(...)`, which also closes the session (releasing its lock).
 */
export async function openClient(
  values: ParsedValues,
  io: CliIo,
): Promise<{ client: Client; session: FileSession; local: boolean; where: string; timeoutSeconds: number }> {
  const env = io.env ?? process.env;
  const transport = transportChoice(values);
  const dcOption = intOption(values, 'dc', { min: 1, max: 1000 });
  const timeout = intOption(values, 'timeout', { min: 1, max: 3600 }) ?? 30;
  const session = new FileSession(str(values, 'session') ?? DEFAULT_SESSION_FILE);
  try {
    const data = await session.load();
    const serverText = str(values, 'server');
    let dc: DcAddress | undefined;
    let local: boolean;
    if (serverText !== undefined) {
      const { host, port } = parseHostPort(serverText);
      dc = { id: dcOption ?? data?.dcId ?? 2, host, port };
      local = true;
    } else {
      const stored = storedAddress(data);
      local = stored !== undefined && !KNOWN_TELEGRAM_HOSTS.has(stored.host);
      if (stored && (dcOption === undefined || dcOption === stored.id)) dc = stored;
      else if (dcOption !== undefined) {
        dc = PRODUCTION_DCS.find((d) => d.id === dcOption);
        if (!dc) throw new UsageError(`--dc: Telegram has DCs 1 to 5, got ${dcOption}`);
      }
    }

    const hasKey = data !== undefined && data.dcs[dc?.id ?? data.dcId]?.authKey !== undefined;
    let publicKeys: string[] | undefined;
    const keyPath = str(values, 'key');
    if (keyPath !== undefined) publicKeys = [readKey(keyPath)];
    else if (local && existsSync(DEFAULT_KEY_FILE)) publicKeys = [readKey(DEFAULT_KEY_FILE)];
    else if (local && !hasKey) {
      throw new UsageError(`--key FILE is needed for the first connection to a local server (tgts serve writes ./${DEFAULT_KEY_FILE})`);
    }

    const apiIdText = str(values, 'api-id') ?? env.TG_API_ID;
    const apiHash = str(values, 'api-hash') ?? env.TG_API_HASH;
    let apiId = LOCAL_API_ID;
    if (apiIdText !== undefined) {
      apiId = /^\d+$/.test(apiIdText) ? Number(apiIdText) : NaN;
      if (!Number.isSafeInteger(apiId) || apiId <= 0) throw new UsageError(`--api-id: expected a positive integer, got '${apiIdText}'`);
    }
    if (!local && (apiIdText === undefined || apiHash === undefined)) {
      throw new UsageError(
        'talking to Telegram needs --api-id and --api-hash (or TG_API_ID and TG_API_HASH; get them at https://my.telegram.org); for a local test server pass --server HOST:PORT',
      );
    }
    const options: ClientOptions = {
      apiId,
      apiHash: apiHash ?? LOCAL_API_HASH,
      session,
      transport,
      requestTimeout: timeout * 1000,
      ...(dc ? { dc } : {}),
      ...(publicKeys ? { publicKeys } : {}),
      device: { deviceModel: 'tgts cli' },
    };
    const where = dc ? `${dc.host}:${dc.port}` : 'Telegram';
    return { client: new Client(options), session, local, where, timeoutSeconds: timeout };
  } catch (err) {
    await session.close();
    throw err;
  }
}

/** Absolute path of the session file the options name (for messages). */
export function sessionPath(values: ParsedValues): string {
  return resolve(str(values, 'session') ?? DEFAULT_SESSION_FILE);
}

/**
 * Opens the client, connects within `--timeout` seconds, runs `fn`, and closes the client (which
 * saves and unlocks the session) whatever happens.
 */
export async function withClient<T>(values: ParsedValues, io: CliIo, fn: (client: Client) => Promise<T>): Promise<T> {
  const { client, where, timeoutSeconds } = await openClient(values, io);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no connection to ${where} within ${timeoutSeconds} s`, timeoutSeconds * 1000)), timeoutSeconds * 1000);
  });
  // Ctrl+C (io.signal) interrupts the call instead of waiting for it.
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('interrupted'));
    if (io.signal?.aborted) onAbort();
    else io.signal?.addEventListener('abort', onAbort, { once: true });
  });
  deadline.catch(() => undefined);
  interrupted.catch(() => undefined);
  let connected = false;
  try {
    await Promise.race([client.connect(), deadline, interrupted]);
    connected = true;
    clearTimeout(timer);
    return await Promise.race([fn(client), interrupted]);
  } finally {
    clearTimeout(timer);
    if (onAbort) io.signal?.removeEventListener('abort', onAbort);
    // A client still dialling finishes closing on its own; waiting would outlast the timeout.
    if (connected) await client.close();
    else void client.close().catch(() => undefined);
  }
}
