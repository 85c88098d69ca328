/**
 * The sizes Telegram reports for photos, profile photos and document thumbnails (spec §3.5, §3.6,
 * §4), computed from the original's width and height only — nothing is resized: every size serves
 * the original bytes ({@link FILE_INFERRED_BEHAVIOUR}.sizesServeOriginal).
 * @module
 */
import type { PhotoSize } from '../../../tl/index.js';
import { FILE_INFERRED_BEHAVIOUR } from './file-rules.js';
import type { SizeRecord } from './types.js';

/** Largest side of a stripped thumbnail. */
const STRIPPED_BOX = 40;
/**
 * One 16×16 MCU of a uniform mid-grey baseline JPEG under the standard Huffman tables of the
 * stripped-thumbnail header (four luma blocks `00 1010`, then Cb and Cr `00 00`): the scan data of
 * a valid preview the client inflates by prepending that header (spec §4.3).
 */
const GREY_MCU = [0x28, 0xa2, 0x8a, 0x00];

function fit(w: number, h: number, box: number): { w: number; h: number } {
  const side = Math.max(w, h);
  if (side <= box) return { w, h };
  const k = box / side;
  return { w: Math.max(1, Math.round(w * k)), h: Math.max(1, Math.round(h * k)) };
}

/** Stripped bytes `0x01, h, w, scan` of a w×h image fitted into 40×40 (spec §4.3). */
export function strippedBytes(w: number, h: number): Uint8Array {
  const s = fit(w, h, STRIPPED_BOX);
  const mcus = Math.ceil(s.w / 16) * Math.ceil(s.h / 16);
  const out = new Uint8Array(3 + mcus * GREY_MCU.length);
  out[0] = 0x01;
  out[1] = s.h;
  out[2] = s.w;
  for (let i = 0; i < mcus; i++) out.set(GREY_MCU, 3 + i * GREY_MCU.length);
  return out;
}

/** Sizes of a message photo: `i`, then the boxes up to the first one holding the original (spec §3.5). */
export function photoSizes(w: number, h: number, blobId: number): SizeRecord[] {
  const out: SizeRecord[] = [{ type: 'i', kind: 'stripped', bytes: strippedBytes(w, h) }];
  for (const [type, box] of FILE_INFERRED_BEHAVIOUR.photoBoxes) {
    const s = fit(w, h, box);
    out.push({ type, kind: type === 'y' ? 'progressive' : 'plain', w: s.w, h: s.h, blobId });
    if (Math.max(w, h) <= box) break;
  }
  return out;
}

/** Sizes of a profile photo: `i` and square crops `a` 160, `b` 320, `c` 640 (spec §4.4). */
export function profilePhotoSizes(w: number, h: number, blobId: number): SizeRecord[] {
  const side = Math.min(w, h);
  const out: SizeRecord[] = [{ type: 'i', kind: 'stripped', bytes: strippedBytes(side, side) }];
  for (const [type, box] of FILE_INFERRED_BEHAVIOUR.profileCrops) {
    const s = Math.min(side, box);
    out.push({ type, kind: 'plain', w: s, h: s, blobId });
  }
  return out;
}

/** Thumbs of a document: `i` stripped + `m` (spec §3.6 [I]). */
export function documentThumbs(w: number, h: number, blobId: number): SizeRecord[] {
  const m = fit(w, h, 320);
  return [
    { type: 'i', kind: 'stripped', bytes: strippedBytes(w, h) },
    { type: 'm', kind: 'plain', w: m.w, h: m.h, blobId },
  ];
}

/** Ascending scan end offsets of a progressive size whose full length is `size`. */
function progressiveSizes(size: number): number[] {
  const out: number[] = [];
  for (const k of [0.1, 0.25, 0.45, 0.7]) {
    const v = Math.max(1, Math.floor(size * k));
    if (v < size && (out.length === 0 || v > out[out.length - 1]!)) out.push(v);
  }
  out.push(size);
  return out;
}

/** The TL `PhotoSize` of a record; `blobSize` gives the byte size of downloadable sizes. */
export function photoSizeView(size: SizeRecord, blobSize: (blobId: number) => number): PhotoSize {
  switch (size.kind) {
    case 'stripped':
      return { _: 'photoStrippedSize', type: size.type, bytes: size.bytes };
    case 'plain':
      return { _: 'photoSize', type: size.type, w: size.w, h: size.h, size: blobSize(size.blobId) };
    case 'progressive':
      return { _: 'photoSizeProgressive', type: size.type, w: size.w, h: size.h, sizes: progressiveSizes(blobSize(size.blobId)) };
  }
}
