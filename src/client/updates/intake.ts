/**
 * What comes in: pushed `Updates` and results that carry updates, turned into batches for the
 * {@link UpdateApplier}. `updatesTooLong`, a pushed `updateShortSentMessage` and an `updateShort*` naming a
 * user or chat the engine has not seen ask `updates.getDifference` instead (Telegram's advice: the
 * difference brings them complete). Results without updates may still position channels (§6.1).
 *
 * @module
 */
import type { AnyRequest, Updates } from '../../tl/index.js';
import type { UpdateApplier } from './applier.js';
import type { BoxSet } from './box-set.js';
import { batchOf, batchOfResult, shortMessageUsers } from './normalize.js';
import type { SeenPeers } from './seen.js';

/** What the intake works with. */
export interface IntakeDeps {
  boxes: BoxSet;
  seen: SeenPeers;
  applier: UpdateApplier;
  /** The signed-in account's id (rebuilds `updateShort*` messages). */
  selfId: () => number | undefined;
  requestCommonDiff: () => void;
}

/** The engine's own requests: their results are differences, not updates to apply. */
const OWN_METHODS: ReadonlySet<string> = new Set(['updates.getDifference', 'updates.getChannelDifference', 'updates.getState']);

/** Routes pushes and results. */
export class UpdatesIntake {
  constructor(private readonly deps: IntakeDeps) {}

  /** A pushed container. */
  push(u: Updates): void {
    const { applier, seen } = this.deps;
    const selfId = this.deps.selfId();
    switch (u._) {
      case 'updatesTooLong':
      case 'updateShortSentMessage': // only ever a result; pushed, it cannot be rebuilt
        this.deps.requestCommonDiff();
        return;
      case 'updateShortMessage':
      case 'updateShortChatMessage': {
        const start = u.pts - u.ptsCount;
        const pts = this.deps.boxes.common.pts;
        if (pts !== undefined && start < pts) return; // a duplicate
        const unknown = shortMessageUsers(u).some((id) => id !== selfId && !seen.knowsUser(id)) || (u._ === 'updateShortChatMessage' && !seen.knowsChat(u.chatId));
        if (unknown) {
          // an incomplete update: the difference brings it with its users (https://core.telegram.org/api/updates)
          this.deps.requestCommonDiff();
          return;
        }
        applier.batch(batchOf(u, selfId), 'push');
        return;
      }
      default:
        applier.batch(batchOf(u, selfId), 'push');
    }
  }

  /** The result of one of the client's calls. */
  result(request: AnyRequest, result: unknown): void {
    if (OWN_METHODS.has(request._)) return;
    const b = batchOfResult(request, result, this.deps.selfId());
    if (b === 'tooLong') this.deps.requestCommonDiff();
    else if (b) this.deps.applier.batch(b, 'result');
    else this.seedChannels(result);
  }

  /**
   * Channel positions from results (spec/updates.md §6.1): `dialog.pts` of dialogs, `channelFull.pts`. A
   * channel the engine does not track yet starts there, so its next update is checked, not trusted.
   */
  private seedChannels(result: unknown): void {
    const { applier } = this.deps;
    const r = result as { dialogs?: unknown; chats?: unknown; users?: unknown; fullChat?: { _: string; id: number; pts?: number } };
    if (!Array.isArray(r.chats)) return;
    this.deps.seen.learn(Array.isArray(r.users) ? r.users : [], r.chats);
    if (r.fullChat?._ === 'channelFull' && r.fullChat.pts !== undefined) applier.startChannel(r.fullChat.id, r.fullChat.pts);
    if (!Array.isArray(r.dialogs)) return;
    for (const d of r.dialogs as Array<{ _: string; peer?: { _: string; channelId?: number }; pts?: number }>) {
      if (d._ === 'dialog' && d.peer?._ === 'peerChannel' && d.pts !== undefined && d.peer.channelId !== undefined) applier.startChannel(d.peer.channelId, d.pts);
    }
  }
}
