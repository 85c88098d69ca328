/**
 * Saving positions to the storage's `updates` repository: delivered positions are collected and written
 * together a short while later (one `setCommon`, one batched `setChannels`), so a burst of updates costs one
 * write. A channel's entry carries its top delivered message id with its pts (history recovery after a
 * restart starts there); it is left out while unknown, so a storage that keeps only pts sees what it did.
 * Writes never overlap; `flush()` writes what is pending now (on close).
 *
 * @module
 */
import type { CommonUpdatesState, UpdatesStateRepository } from '../../storage/types.js';
import { channelPosition } from '../../storage/validate.js';

/** Positions waiting to be written. */
export class StatePersister {
  private common: CommonUpdatesState | undefined;
  /** Channel id to `[pts, topMessageId]`. */
  private readonly channels = new Map<number, [pts: number, topMessageId: number]>();
  private readonly deleted = new Set<number>();
  private writing: Promise<void> | undefined;

  constructor(
    private readonly repo: UpdatesStateRepository,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True when something waits to be written. */
  get dirty(): boolean {
    return this.common !== undefined || this.channels.size > 0 || this.deleted.size > 0;
  }

  setCommon(state: CommonUpdatesState): void {
    this.common = { ...state };
  }

  setChannel(channelId: number, pts: number, topMessageId: number): void {
    this.deleted.delete(channelId);
    this.channels.set(channelId, [pts, topMessageId]);
  }

  deleteChannel(channelId: number): void {
    this.channels.delete(channelId);
    this.deleted.add(channelId);
  }

  /** Writes everything pending (after any write in progress). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    const common = this.common;
    const channels = [...this.channels].map(([id, [pts, top]]) => channelPosition(id, pts, top));
    const deleted = [...this.deleted];
    this.common = undefined;
    this.channels.clear();
    this.deleted.clear();
    this.writing = (async () => {
      try {
        if (channels.length > 0) await this.repo.setChannels(channels);
        for (const id of deleted) await this.repo.deleteChannel(id);
        if (common) await this.repo.setCommon(common);
      } catch (error) {
        this.onError(error);
      } finally {
        this.writing = undefined;
      }
    })();
    await this.writing;
  }
}
