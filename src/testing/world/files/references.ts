/**
 * File references (spec §5.8): opaque 29-byte tokens `kind ‖ issued_at ‖ origin ‖ nonce ‖ MAC`, fresh
 * on every view of a photo or document (the nonce makes two views of one second differ), checked by
 * `upload.getFile` and by media resends.
 * @module
 */
import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import type { FileOrigin } from './types.js';

/** Length of a reference (the length real ones have). */
export const REFERENCE_LENGTH = 29;
/** Bytes before the MAC: kind 1, issued_at 4, origin 8, nonce 4. */
const HEAD_LENGTH = 17;
const MAC_LENGTH = REFERENCE_LENGTH - HEAD_LENGTH;

/** What a presented reference is worth. */
export type ReferenceCheck = 'ok' | 'empty' | 'invalid' | 'expired';

/** Issues and checks references under one world secret. */
export class FileReferences {
  constructor(private readonly secret: Uint8Array) {}

  private mac(head: Uint8Array, kind: 'photo' | 'document', id: bigint): Uint8Array {
    const h = createHmac('sha256', this.secret);
    h.update(head);
    h.update(`${kind}:${id}`);
    return new Uint8Array(h.digest().subarray(0, MAC_LENGTH));
  }

  /** A reference for `kind`/`id` issued at `now` (seconds) for `origin`. */
  issue(kind: 'photo' | 'document', id: bigint, now: number, origin: FileOrigin = {}): Uint8Array {
    const out = new Uint8Array(REFERENCE_LENGTH);
    const v = new DataView(out.buffer);
    // first byte by origin, as real references vary it (0x02 message, 0x01 other)
    out[0] = origin.msgId !== undefined ? 0x02 : 0x01;
    v.setUint32(1, now >>> 0, false);
    v.setInt32(5, (origin.peerId ?? 0) | 0, false);
    v.setInt32(9, (origin.msgId ?? 0) | 0, false);
    randomFillSync(out, 13, 4);
    out.set(this.mac(out.subarray(0, HEAD_LENGTH), kind, id), HEAD_LENGTH);
    return out;
  }

  /** Spec §5.3 order: empty → invalid (not issued for this object) → expired (older than `lifetime` seconds). */
  check(kind: 'photo' | 'document', id: bigint, reference: Uint8Array, now: number, lifetime: number): ReferenceCheck {
    if (reference.length === 0) return 'empty';
    if (reference.length !== REFERENCE_LENGTH) return 'invalid';
    const expected = this.mac(reference.subarray(0, HEAD_LENGTH), kind, id);
    if (!timingSafeEqual(expected, reference.subarray(HEAD_LENGTH))) return 'invalid';
    const issued = new DataView(reference.buffer, reference.byteOffset, reference.byteLength).getUint32(1, false);
    return now - issued >= lifetime ? 'expired' : 'ok';
  }
}
