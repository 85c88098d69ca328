/** Files by path for the Node platform (uploads from and downloads to a path), over node:fs/promises. */
import { open, rm } from 'node:fs/promises';
import type { PlatformFiles, PlatformReadableFile, PlatformWritableFile } from '../types.js';

async function openRead(path: string): Promise<PlatformReadableFile> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      read: async (position, length) => {
        const out = new Uint8Array(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(out, filled, length - filled, position + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === length ? out : out.subarray(0, filled);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function openWrite(path: string): Promise<PlatformWritableFile> {
  const handle = await open(path, 'w');
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    write: async (data) => {
      let done = 0;
      while (done < data.length) done += (await handle.write(data, done, data.length - done)).bytesWritten;
    },
    close,
    discard: async () => {
      await close().catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}

export const nodeFiles: PlatformFiles = { openRead, openWrite };
