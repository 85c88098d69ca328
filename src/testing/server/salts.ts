/**
 * Server salts of one auth key (https://core.telegram.org/mtproto/description#server-salt):
 * time slots each with their own random salt; the salt of the current and of the previous slot are
 * accepted (so a client switching at a slot boundary is not punished), and the salt agreed during
 * key creation is accepted during its first slot.
 * @module
 */
import { randomBytes } from '../../crypto/index.js';

/** One entry of `future_salts`. */
export interface SaltInfo {
  validSince: number;
  validUntil: number;
  salt: bigint;
}

/** Most future salts handed out at once (Telegram caps get_future_salts at 64). */
export const MAX_FUTURE_SALTS = 64;

function randomSalt(): bigint {
  const b = randomBytes(8);
  return new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true);
}

/** Rotating salts of one auth key. */
export class SaltSchedule {
  private readonly bySlot = new Map<number, bigint>();
  private initial: { salt: bigint; until: number } | undefined;

  /**
   * @param nowSeconds - server clock, unix seconds.
   * @param periodSeconds - lifetime of one salt.
   * @param initialSalt - salt agreed during key creation, valid for one period from now.
   */
  constructor(
    private readonly nowSeconds: () => number,
    readonly periodSeconds = 3600,
    initialSalt?: bigint,
  ) {
    if (initialSalt !== undefined) this.initial = { salt: initialSalt, until: nowSeconds() + periodSeconds };
  }

  private slotSalt(slot: number): bigint {
    let salt = this.bySlot.get(slot);
    if (salt === undefined) {
      salt = randomSalt();
      this.bySlot.set(slot, salt);
    }
    return salt;
  }

  private currentSlot(): number {
    return Math.floor(this.nowSeconds() / this.periodSeconds);
  }

  /** Drops salts of slots that can no longer be valid (keeps memory bounded). */
  private prune(slot: number): void {
    for (const s of this.bySlot.keys()) if (s < slot - 1 || s > slot + MAX_FUTURE_SALTS) this.bySlot.delete(s);
    if (this.initial && this.initial.until < this.nowSeconds()) this.initial = undefined;
  }

  /** The salt a client should use now (sent in bad_server_salt and new_session_created). */
  current(): bigint {
    const slot = this.currentSlot();
    this.prune(slot);
    return this.slotSalt(slot);
  }

  /** Whether a client message carrying `salt` is accepted. */
  isValid(salt: bigint): boolean {
    const slot = this.currentSlot();
    this.prune(slot);
    if (this.initial && this.initial.salt === salt) return true;
    return salt === this.slotSalt(slot) || this.bySlot.get(slot - 1) === salt;
  }

  /** Salts of the current and the next `count - 1` slots (count capped to {@link MAX_FUTURE_SALTS}). */
  future(count: number): SaltInfo[] {
    const n = Math.max(1, Math.min(MAX_FUTURE_SALTS, Math.floor(count) || 1));
    const slot = this.currentSlot();
    this.prune(slot);
    const out: SaltInfo[] = [];
    for (let i = 0; i < n; i++) {
      const s = slot + i;
      out.push({ validSince: s * this.periodSeconds, validUntil: (s + 1) * this.periodSeconds, salt: this.slotSalt(s) });
    }
    return out;
  }
}
