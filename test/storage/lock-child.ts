/**
 * Child process of the lock tests. Messages from the parent (IPC):
 * - `{ op: 'acquire', lock }`: tries to take the lock, answers `{ ok: true }` or `{ ok: false, error }`;
 * - `{ op: 'release' }`: releases the lock it holds, answers `{ released: true }`;
 * - `{ op: 'write', path, count }`: opens a FileStorage on `path` and keeps writing peers; answers
 *   `{ writing: n }` after `count` writes and goes on until killed.
 */
import { FileLock } from '../../src/storage/file/lock.js';
import { FileStorage } from '../../src/storage/file/storage.js';

let held: FileLock | undefined;

process.on('message', (msg: { op: string; lock?: string; path?: string; count?: number }) => {
  void (async () => {
    if (msg.op === 'acquire') {
      try {
        held = await FileLock.acquire(msg.lock!, msg.lock!);
        process.send!({ ok: true });
      } catch (error) {
        process.send!({ ok: false, error: (error as Error).name === 'Error' ? String(error) : (error as Error).name });
      }
    } else if (msg.op === 'release') {
      await held?.release();
      held = undefined;
      process.send!({ released: true });
    } else if (msg.op === 'write') {
      const storage = new FileStorage(msg.path!);
      await storage.open();
      for (let i = 1; ; i++) {
        await storage.peers.put([{ type: 'user', id: i, accessHash: BigInt(i), min: false, usernames: [`user${i}`], updatedAt: i }]);
        if (i === msg.count) process.send!({ writing: i });
      }
    }
  })();
});
process.send!({ ready: true });
