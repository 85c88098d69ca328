/**
 * What the first bytes of a file say: its `storage.FileType` (spec §5.4) and, for images, the
 * width and height from the header — all the "image processing" the test server does.
 * @module
 */
import type { StorageFileType } from '../../../tl/index.js';

/** Bytes read from the start of a file for sniffing (JPEG headers can hold big EXIF blocks). */
export const SNIFF_BYTES = 256 * 1024;

function ascii(b: Uint8Array, at: number, text: string): boolean {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** `storage.FileType` of a file starting with `head` (at offset 0). */
export function sniffFileType(head: Uint8Array): StorageFileType {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { _: 'storage.fileJpeg' };
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n')) return { _: 'storage.filePng' };
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return { _: 'storage.fileGif' };
  if (ascii(head, 0, '%PDF-')) return { _: 'storage.filePdf' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return { _: 'storage.fileWebp' };
  if (ascii(head, 4, 'ftypqt')) return { _: 'storage.fileMov' };
  if (ascii(head, 4, 'ftyp')) return { _: 'storage.fileMp4' };
  if (ascii(head, 0, 'ID3') || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return { _: 'storage.fileMp3' };
  return { _: 'storage.fileUnknown' };
}

/** Width and height of an image. */
export interface ImageSize {
  w: number;
  h: number;
  /** Image format (lower case: jpeg, png, gif, webp, bmp). */
  format: string;
}

function u16be(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function u16le(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function u32be(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function jpegSize(b: Uint8Array): ImageSize | undefined {
  let p = 2;
  while (p + 9 < b.length) {
    if (b[p] !== 0xff) return undefined;
    const marker = b[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    // markers without a length
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2;
      continue;
    }
    const len = u16be(b, p + 2);
    if (len < 2) return undefined;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { h: u16be(b, p + 5), w: u16be(b, p + 7), format: 'jpeg' };
    if (marker === 0xda || marker === 0xd9) return undefined;
    p += 2 + len;
  }
  return undefined;
}

function webpSize(b: Uint8Array): ImageSize | undefined {
  if (ascii(b, 12, 'VP8X')) {
    const w = 1 + ((b[24] ?? 0) | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16));
    const h = 1 + ((b[27] ?? 0) | ((b[28] ?? 0) << 8) | ((b[29] ?? 0) << 16));
    return { w, h, format: 'webp' };
  }
  if (ascii(b, 12, 'VP8 ') && b.length >= 30) return { w: u16le(b, 26) & 0x3fff, h: u16le(b, 28) & 0x3fff, format: 'webp' };
  if (ascii(b, 12, 'VP8L') && b.length >= 25) {
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { w: (bits & 0x3fff) + 1, h: ((bits >>> 14) & 0x3fff) + 1, format: 'webp' };
  }
  return undefined;
}

/** Width and height from an image header, or undefined when `head` is not a recognised image. */
export function imageSize(head: Uint8Array): ImageSize | undefined {
  let size: ImageSize | undefined;
  if (head[0] === 0xff && head[1] === 0xd8) size = jpegSize(head);
  else if (ascii(head, 0, '\x89PNG\r\n\x1a\n') && ascii(head, 12, 'IHDR')) size = { w: u32be(head, 16), h: u32be(head, 20), format: 'png' };
  else if ((ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) && head.length >= 10) size = { w: u16le(head, 6), h: u16le(head, 8), format: 'gif' };
  else if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) size = webpSize(head);
  else if (ascii(head, 0, 'BM') && head.length >= 26) {
    const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
    size = { w: Math.abs(v.getInt32(18, true)), h: Math.abs(v.getInt32(22, true)), format: 'bmp' };
  }
  return size && size.w > 0 && size.h > 0 ? size : undefined;
}
