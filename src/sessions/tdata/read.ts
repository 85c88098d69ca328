/**
 * Imports an account from a Telegram Desktop `tdata` folder:
 * 1. `key_datas`: passcode salt, the local key encrypted with the passcode key, and the list of
 *    account indexes encrypted with the local key. Old versions (before multi-account storage)
 *    have no `key_datas`; their `D877F783D5D3EF8C/maps` holds the salt and the encrypted local key.
 * 2. The account's file in the tdata root, named {@link fileKey} of "data" (index 0) or
 *    "data#N" (index N-1), decrypted with the local key: `dbiMtpAuthorization` (0x4b) and a byte
 *    array with the user id (u64 after an all-ones tag; u32 in old versions), the main DC, and
 *    the auth keys as (DC id u32, 256-byte key) pairs, all big-endian.
 * tdata keeps no DC addresses of its own here: the DCs are Telegram's.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ByteReader } from '../bytes.js';
import { SessionFormatError } from '../errors.js';
import { checkSession } from '../portable.js';
import type { PortableDc, PortableSession } from '../types.js';
import { createLegacyLocalKey, createLocalKey, decryptLocal } from './local-key.js';
import { fileKey, readTdf } from './tdf.js';

/** Options of {@link readTdata}. */
export interface TdataOptions {
  /** The local passcode, when Telegram Desktop has one set. */
  passcode?: string | Uint8Array;
  /** Account index inside tdata (Telegram Desktop holds up to 3 or 6); default the first. */
  account?: number;
}

const DBI_MTP_AUTHORIZATION = 0x4b;
const WIDE_IDS_TAG = 0xffffffff;
const KEY = 256;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isTdataRoot(dir: string): Promise<boolean> {
  const candidates = [...['s', '0', '1'].map((s) => join(dir, `key_data${s}`)), ...['s', '0', '1'].map((s) => join(dir, fileKey('data'), `map${s}`))];
  for (const c of candidates) if (await exists(c)) return true;
  return false;
}

/** The tdata folder itself, given it or the folder that contains it; undefined when neither. */
export async function findTdataRoot(path: string): Promise<string | undefined> {
  if (await isTdataRoot(path)) return path;
  const inner = join(path, 'tdata');
  return (await isTdataRoot(inner)) ? inner : undefined;
}

interface LocalKeys {
  localKey: Uint8Array;
  accounts: number[];
  variant: 'current' | 'legacy';
}

function passcodeProblem(passcode: Uint8Array, path: string): SessionFormatError {
  return new SessionFormatError(
    'tdata',
    passcode.length === 0 ? 'this tdata is protected by a local passcode; pass it (passcode option, --passcode)' : 'wrong local passcode',
    'passcode',
    path,
  );
}

function unwrapLocalKey(encrypted: Uint8Array, passcodeKey: Uint8Array, passcode: Uint8Array, path: string): Uint8Array {
  const inner = decryptLocal(encrypted, passcodeKey, 'localKey', path);
  if (!inner) throw passcodeProblem(passcode, path);
  if (inner.length < KEY) throw new SessionFormatError('tdata', `local key is ${inner.length} bytes, expected ${KEY}`, 'localKey', path);
  return inner.slice(0, KEY);
}

async function readKeyData(root: string, passcode: Uint8Array): Promise<LocalKeys | undefined> {
  const file = await readTdf(root, 'key_data');
  if (!file) return undefined;
  const r = file.reader;
  const salt = r.qtBytes('salt');
  if (salt.length !== 32) r.fail('salt', `passcode salt is ${salt.length} bytes, expected 32`);
  const localKey = unwrapLocalKey(r.qtBytes('localKey'), await createLocalKey(passcode, salt), passcode, file.path);
  const info = decryptLocal(r.qtBytes('accounts'), localKey, 'accounts', file.path) ?? r.fail('accounts', 'the account list does not decrypt with the local key');
  const list = new ByteReader(info, 'tdata', file.path);
  const count = list.u32be('accounts');
  if (count === 0 || count > 64) list.fail('accounts', `implausible account count ${count}`);
  const accounts = Array.from({ length: count }, (_, i) => list.u32be(`accounts[${i}]`));
  return { localKey, accounts, variant: 'current' };
}

async function readLegacyMap(root: string, passcode: Uint8Array): Promise<LocalKeys | undefined> {
  const file = await readTdf(join(root, fileKey('data')), 'map');
  if (!file) return undefined;
  const salt = file.reader.qtBytes('salt');
  if (salt.length === 0) file.reader.fail('key_datas', 'no key_datas file (this map belongs to a multi-account tdata)');
  if (salt.length !== 32) file.reader.fail('salt', `passcode salt is ${salt.length} bytes, expected 32`);
  const localKey = unwrapLocalKey(file.reader.qtBytes('localKey'), await createLegacyLocalKey(passcode, salt), passcode, file.path);
  return { localKey, accounts: [0], variant: 'legacy' };
}

function readAuthorization(blob: Uint8Array, path: string): { userId: bigint; mainDc: number; keys: PortableDc[] } {
  const r = new ByteReader(blob, 'tdata', path);
  const first = r.u32be('userId');
  const second = r.u32be('mainDcId');
  let userId = BigInt(first);
  let mainDc = second;
  if (first === WIDE_IDS_TAG && second === WIDE_IDS_TAG) {
    userId = r.u64be('userId');
    mainDc = r.u32be('mainDcId');
  }
  const readKeys = (field: string): PortableDc[] => {
    const count = r.u32be(field);
    if (count * (4 + KEY) > r.remaining) r.fail(field, `${count} keys do not fit the remaining ${r.remaining} bytes`);
    return Array.from({ length: count }, (_, i) => ({ id: r.u32be(`${field}[${i}].dcId`), authKey: r.take(KEY, `${field}[${i}]`) }));
  };
  const keys = readKeys('keys');
  if (r.remaining > 0) readKeys('keysToDestroy'); // keys the app still has to destroy on the server
  r.end('MTP authorization');
  return { userId, mainDc, keys };
}

/** Reads one account of a tdata folder (`path` is the folder or the one containing it). */
export async function readTdata(path: string, options: TdataOptions = {}): Promise<PortableSession> {
  const root = await findTdataRoot(path);
  if (!root) throw new SessionFormatError('tdata', 'no key_datas (or legacy map) file: not a Telegram Desktop tdata folder', 'key_datas', path);
  const passcode = typeof options.passcode === 'string' ? new TextEncoder().encode(options.passcode) : (options.passcode ?? new Uint8Array(0));
  const keys = (await readKeyData(root, passcode)) ?? (await readLegacyMap(root, passcode));
  if (!keys) throw new SessionFormatError('tdata', 'no key_datas file', 'key_datas', root);
  const index = options.account ?? keys.accounts[0]!;
  if (!keys.accounts.includes(index)) {
    throw new SessionFormatError('tdata', `no account ${index}; this tdata has accounts ${keys.accounts.join(', ')}`, 'account', root);
  }
  const name = fileKey(index === 0 ? 'data' : `data#${index + 1}`);
  const file = await readTdf(root, name);
  if (!file) throw new SessionFormatError('tdata', `the file of account ${index} (${name}s) is missing`, 'account', root);
  const plain =
    decryptLocal(file.reader.qtBytes('mtpData'), keys.localKey, 'mtpData', file.path) ?? file.reader.fail('mtpData', 'the account file does not decrypt with the local key');
  const r = new ByteReader(plain, 'tdata', file.path);
  const dbi = r.u32be('dbi');
  if (dbi !== DBI_MTP_AUTHORIZATION) r.fail('dbi', `expected the MTP authorization block (0x4b), got 0x${dbi.toString(16)}`);
  const auth = readAuthorization(r.qtBytes('mtpAuthorization'), file.path);
  if (auth.userId > BigInt(Number.MAX_SAFE_INTEGER)) r.fail('userId', `user id ${auth.userId} is out of range`);
  const primaryFirst = [...auth.keys].sort((a, b) => (a.id === auth.mainDc ? -1 : b.id === auth.mainDc ? 1 : a.id - b.id));
  const session: PortableSession = {
    source: { format: 'tdata', variant: keys.variant, label: 'Telegram Desktop tdata folder' },
    dcId: auth.mainDc,
    testMode: false,
    dcs: primaryFirst,
    peers: [],
  };
  if (auth.userId !== 0n) session.user = { id: Number(auth.userId), bot: false };
  return checkSession(session, file.path);
}
