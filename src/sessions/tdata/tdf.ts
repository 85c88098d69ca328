/**
 * Telegram Desktop's storage files: `TDF$`, the app version (u32 LE), the data (Qt byte arrays,
 * big-endian lengths) and an MD5 over data ‖ data length (u32 LE) ‖ version ‖ `TDF$`. A file
 * `name` is kept as `name` + `s` (current) or, by older versions, `name0` / `name1` (the newer of
 * the two wins). File names of accounts are derived from MD5 (`fileKey`).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ByteReader } from '../bytes.js';
import { SessionFormatError } from '../errors.js';

const MAGIC = [0x54, 0x44, 0x46, 0x24]; // "TDF$"

/** The content of one storage file. */
export interface TdfFile {
  path: string;
  /** Telegram Desktop version that wrote it (e.g. 4016008 for 4.16.8). */
  appVersion: number;
  /** Reader over the data (between the header and the MD5). */
  reader: ByteReader;
}

function md5(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/**
 * The 16-character file name Telegram Desktop derives from `dataName` ("data", "data#2", …):
 * the first 8 bytes of its MD5, each byte's nibbles swapped, in upper-case hex.
 */
export function fileKey(dataName: string): string {
  const hash = md5(new TextEncoder().encode(dataName));
  let out = '';
  for (let i = 0; i < 8; i++) out += ((hash[i]! & 0x0f).toString(16) + (hash[i]! >> 4).toString(16)).toUpperCase();
  return out;
}

/** Parses one storage file's bytes; throws on a wrong magic or MD5. */
export function parseTdf(bytes: Uint8Array, path: string): TdfFile {
  const fail = (field: string, message: string): never => {
    throw new SessionFormatError('tdata', message, field, path);
  };
  if (bytes.length < 8 + 16 || MAGIC.some((b, i) => bytes[i] !== b)) fail('magic', 'not a Telegram Desktop storage file (no TDF$ header)');
  const version = bytes.subarray(4, 8);
  const data = bytes.subarray(8, bytes.length - 16);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, data.length, true);
  const expected = md5(data, length, version, Uint8Array.from(MAGIC));
  if (!expected.every((b, i) => b === bytes[bytes.length - 16 + i])) fail('md5', 'checksum mismatch (the file is damaged)');
  return { path, appVersion: new DataView(version.buffer, version.byteOffset, 4).getUint32(0, true), reader: new ByteReader(data.slice(), 'tdata', path) };
}

async function mtime(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads storage file `name` under `dir` the way Telegram Desktop does: `names` if present, else
 * the newer valid one of `name0`/`name1`. Undefined when none exists.
 */
export async function readTdf(dir: string, name: string): Promise<TdfFile | undefined> {
  const base = join(dir, name);
  if ((await mtime(`${base}s`)) !== undefined) return parseTdf(new Uint8Array(await readFile(`${base}s`)), `${base}s`);
  const legacy = (await Promise.all(['0', '1'].map(async (s) => ({ path: base + s, time: await mtime(base + s) }))))
    .filter((f): f is { path: string; time: number } => f.time !== undefined)
    .sort((a, b) => b.time - a.time);
  let firstError: unknown;
  for (const f of legacy) {
    try {
      return parseTdf(new Uint8Array(await readFile(f.path)), f.path);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
  return undefined;
}
