/** SHA-256 hashes of plaintext windows (spec §5.6, §6.6). */
import { createHash } from 'node:crypto';
import type { FileHash } from '../../../tl/index.js';
import type { FilesArea } from './area.js';
import type { BlobRecord } from './types.js';

/**
 * `fileHash` windows of `hashWindow` bytes from the window holding `offset`, at most `hashesPerCall`
 * of them; the last window of a file is shorter; none at or past the end.
 */
export function fileHashes(files: FilesArea, blob: BlobRecord, offset: number): FileHash[] {
  const { hashWindow, hashesPerCall } = files.switches;
  const out: FileHash[] = [];
  let at = Math.floor(Math.max(0, offset) / hashWindow) * hashWindow;
  for (let i = 0; i < hashesPerCall && at < blob.size; i++, at += hashWindow) {
    const bytes = files.readTransient(blob, at, hashWindow); // hashed at once
    out.push({ _: 'fileHash', offset: BigInt(at), limit: bytes.length, hash: new Uint8Array(createHash('sha256').update(bytes).digest()) });
  }
  return out;
}
