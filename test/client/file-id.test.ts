// Bot API file ids: published ids from other libraries' test suites (data, sources noted per block),
// byte-exact round trips, unique ids, TL conversions, and ids of files served by the test server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SUB_VERSION,
  FileIdError,
  FileType,
  decodeFileId,
  decodeFileUniqueId,
  encodeFileId,
  encodeFileUniqueId,
  fileIdFromDocument,
  fileIdFromDocumentThumb,
  fileIdFromPeerPhoto,
  fileIdFromPhoto,
  fileIdToInputDocument,
  fileIdToInputFileLocation,
  fileIdToInputPhoto,
  fileUniqueIdOf,
  inputPeerOfDialog,
  uniqueIdOfFileId,
  type FileId,
} from '../../src/client/files/file-id/index.js';
import { zeroDecode, zeroEncode } from '../../src/client/files/file-id/rle.js';
import { base64urlDecode, base64urlEncode } from '../../src/client/files/file-id/base64url.js';
import { WorldHarness } from '../../src/testing/world/harness.js';
import type { RawDocument, RawPhoto } from '../../src/tl/index.js';

const hex = (b: Uint8Array | undefined): string => (b ? Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') : '');

// gotd/td fileid/decode_test.go (https://github.com/gotd/td), expected values as published there.
const GOTD = {
  Sticker: 'CAACAgIAAxkBAAM6YZlDEHCmaTKrUhCIjxAPtPtjVx4AAicAA4dXjx6dGLyHwXVNcCIE',
  AnimatedSticker: 'CAACAgIAAxkBAANCYZzsGL3c2jB4BE46_bD9-aaYH10AApEOAAJZQylKSstCqeiyJ5giBA',
  GIF: 'CgACAgIAAxkBAAM7YZqVjhoGXOIk6qgVu7xd0QvyRVEAArQQAAK7XrBIi5xgKHPRFpQiBA',
  GIFThumbnail: 'AAMCAgADGQEAAzthmpWOGgZc4iTqqBW7vF3RC_JFUQACtBAAArtesEiLnGAoc9EWlAEAB20AAyIE',
  Photo: 'AgACAgIAAxkBAAM9YZqXG-B0WHEv7lFlQxOQDs6jrGQAAoa7MRvdfNlIhJa73cDxR0kBAAMCAAN4AAMiBA',
  Video: 'BAACAgIAAxkBAANAYZzjSkCVY7Ttrp2l92eCQzYYxVEAAkoRAAJIYKFIRionwJTz4kIiBA',
  VideoThumbnail: 'AAMCAgADGQEAA0BhnONKQJVjtO2unaX3Z4JDNhjFUQACShEAAkhgoUhGKifAlPPiQgEAB20AAyIE',
  ChatPhoto: 'AQADAgAD7a8xG75QcEkACAMAA2jAIuIW____cd7THMWjNdIiBA',
  Voice: 'AwACAgIAAxkBAANDYZzsXw55-6fljCSeQXEP3dX5_egAAlkSAAJStulIAYO3JdIypKQiBA',
  Audio: 'CQACAgIAAxkBAANEYZzt3rDAw5CkHSU8RZA8AzTTsyMAAvACAAKoAAF4SjhQUd8y3lIoIgQ',
};

// pyrogram tests/test_file_id.py (https://github.com/pyrogram/pyrogram): [file_id, type, file_unique_id].
const PYROGRAM: Array<[string, number, string]> = [
  ['CQACAgIAAx0CAAGgr9AAAgmQX7b4XPBstC1fFUuJBooHTHFd7HMAAgUAA4GkuUnVOGG5P196yR4E', FileType.Audio, 'AgADBQADgaS5SQ'],
  ['AAMCAgADHQIAAaCv0AACCZBftvhc8Gy0LV8VS4kGigdMcV3scwACBQADgaS5SdU4Ybk_X3rJIH3qihAAAwEAB20AA_OeAQABHgQ', FileType.Thumbnail, 'AQADIH3qihAAA_OeAQAB'],
  ['BAACAgIAAx0CAAGgr9AAAgmRX7b4Xv9f-4BK5VR_5ppIOF6UIp0AAgYAA4GkuUmhnZz2xC37wR4E', FileType.Video, 'AgADBgADgaS5SQ'],
  ['BQACAgIAAx0CAAGgr9AAAgmPX7b4UxbjNoFEO_L0I4s6wrXNJA8AAgQAA4GkuUm9FFvIaOhXWR4E', FileType.Document, 'AgADBAADgaS5SQ'],
  ['CgACAgIAAx0CAAGgr9AAAgmSX7b4Y2g8_QW2XFd49iUmRnHOyG8AAgcAA4GkuUnry9gWDzF_5R4E', FileType.Animation, 'AgADBwADgaS5SQ'],
  ['AwACAgIAAx0CAAGgr9AAAgmUX7b4c1KQyHVwzffxC2EnSYWsMAQAAgkAA4GkuUlsZUZ4_I97AR4E', FileType.VoiceNote, 'AgADCQADgaS5SQ'],
  ['DQACAgIAAx0CAAGgr9AAAgmVX7b53qrRzCEO13BaLQJaYuFbdlwAAgoAA4GkuUmlqIzDy_PCsx4E', FileType.VideoNote, 'AgADCgADgaS5SQ'],
  ['CAACAgEAAx0CAAGgr9AAAgmWX7b6uFeLlhXEgYrM8pIbGaQKRQ0AAswBAALjeAQAAbeooNv_tb6-HgQ', FileType.Sticker, 'AgADzAEAAuN4BAAB'],
  ['AAMCAQADHQIAAaCv0AACCZZftvq4V4uWFcSBiszykhsZpApFDQACzAEAAuN4BAABt6ig2_-1vr5gWNkpAAQBAAdtAAM0BQACHgQ', FileType.Thumbnail, 'AQADYFjZKQAENAUAAg'],
  ['AgACAgIAAx0CAAGgr9AAAgmZX7b7IPLRl8NcV3EJkzHwI1gwT-oAAq2nMRuBpLlJPJY-URZfhTkgfeqKEAADAQADAgADbQADAZ8BAAEeBA', FileType.Photo, 'AQADIH3qihAAAwGfAQAB'],
  ['AgACAgIAAx0CAAGgr9AAAgmZX7b7IPLRl8NcV3EJkzHwI1gwT-oAAq2nMRuBpLlJPJY-URZfhTkgfeqKEAADAQADAgADeQAD_54BAAEeBA', FileType.Photo, 'AQADIH3qihAAA_-eAQAB'],
  ['AQADAgADrKcxGylBBQAJIH3qihAAAwIAAylBBQAF7bDHYwABnc983KcAAh4E', FileType.ProfilePhoto, 'AQADIH3qihAAA9ynAAI'],
  ['AQADAgADrKcxGylBBQAJIH3qihAAAwMAAylBBQAF7bDHYwABnc983qcAAh4E', FileType.ProfilePhoto, 'AQADIH3qihAAA96nAAI'],
  ['AQADAgATIH3qihAAAwIAA3t3-P______AAjhngEAAR4E', FileType.ProfilePhoto, 'AQADIH3qihAAA-GeAQAB'],
  ['AQADAgATIH3qihAAAwMAA3t3-P______AAjjngEAAR4E', FileType.ProfilePhoto, 'AQADIH3qihAAA-OeAQAB'],
  ['AQADAgATIH3qihAAAwIAA-fFwCoX____MvARg8nvpc3RpwACHgQ', FileType.ProfilePhoto, 'AQADIH3qihAAA9GnAAI'],
  ['AQADAgATIH3qihAAAwMAA-fFwCoX____MvARg8nvpc3TpwACHgQ', FileType.ProfilePhoto, 'AQADIH3qihAAA9OnAAI'],
];

// mtcute packages/file-id/src/serialize-unique.test.ts (https://github.com/mtcute/mtcute): file_id → file_unique_id.
const MTCUTE_UNIQUE: Array<[string, string]> = [
  ['CAADAQADegAD997LEUiQZafDlhIeAg', 'AgADegAD997LEQ'],
  ['CAACAgEAAx0CVgtngQACAuFfU1GY9wiRG7A7jlIBbP2yvAostAACegAD997LEUiQZafDlhIeGwQ', 'AgADegAD997LEQ'],
  ['BQACAgIAAxkBAAEJnzNgit00IDsKd07OdSeanwz8osecYAACdAwAAueoWEicaPvNdOYEwB8E', 'AgADdAwAAueoWEg'],
  ['AAMCAgADGQEAAQmfM2CK3TQgOwp3Ts51J5qfDPyix5xgAAJ0DAAC56hYSJxo-8105gTAT_bYoy4AAwEAB20AA0JBAAIfBA', 'AQADdAwAAueoWEhy'],
  ['CAACAgIAAxkBAAEJny9gituz1_V_uSKBUuG_nhtzEtFOeQACXFoAAuCjggfYjw_KAAGSnkgfBA', 'AgADXFoAAuCjggc'],
  ['AQADAgATySHBDgAEAwAD0npI3Bb___-wfxjpg7QCPf8pBQABHwQ', 'AQADySHBDgAE_ykFAAE'],
  ['AQADAgATySHBDgAEAgAD0npI3Bb___-wfxjpg7QCPf0pBQABHwQ', 'AQADySHBDgAE_SkFAAE'],
];

describe('file ids: published ids', () => {
  it('gotd vectors decode to the published fields and re-encode byte for byte', () => {
    const sticker = decodeFileId(GOTD.Sticker);
    assert.equal(sticker.type, FileType.Sticker);
    assert.equal(sticker.dcId, 2);
    assert.deepEqual(sticker.location, { kind: 'common', id: 2202074980139663399n, accessHash: 8092253579521038493n });
    assert.equal(hex(sticker.fileReference), '010000003a6199431070a66932ab5210888f100fb4fb63571e');

    assert.deepEqual(decodeFileId(GOTD.AnimatedSticker).location, { kind: 'common', id: 5343876482382958225n, accessHash: -7482815543510906038n });
    assert.equal(decodeFileId(GOTD.GIF).type, FileType.Animation);
    assert.deepEqual(decodeFileId(GOTD.GIF).location, { kind: 'common', id: 5237790523883786420n, accessHash: -7775797414079718261n });
    assert.equal(decodeFileId(GOTD.Video).type, FileType.Video);
    assert.equal(decodeFileId(GOTD.Voice).type, FileType.VoiceNote);
    assert.deepEqual(decodeFileId(GOTD.Audio).location, { kind: 'common', id: 5366039677566452464n, accessHash: 2905629019683770424n });

    const thumb = decodeFileId(GOTD.GIFThumbnail);
    assert.equal(thumb.type, FileType.Thumbnail);
    assert.deepEqual(thumb.location, {
      kind: 'photo',
      id: 5237790523883786420n,
      accessHash: -7775797414079718261n,
      source: { kind: 'thumbnail', fileType: 0, thumbType: 'm' },
    });
    const photo = decodeFileId(GOTD.Photo);
    assert.equal(photo.type, FileType.Photo);
    assert.deepEqual(photo.location, { kind: 'photo', id: 5249364129762884486n, accessHash: 5280454898771269252n, source: { kind: 'thumbnail', fileType: 2, thumbType: 'x' } });

    const chat = decodeFileId(GOTD.ChatPhoto);
    assert.equal(chat.type, FileType.ProfilePhoto);
    assert.equal(chat.fileReference, undefined);
    assert.deepEqual(chat.location, {
      kind: 'photo',
      id: 5291818339590582253n,
      accessHash: 0n,
      source: { kind: 'dialogPhoto', big: true, dialogId: -1001228418968, dialogAccessHash: -3299551084991488399n },
    });
    for (const id of Object.values(GOTD)) assert.equal(encodeFileId(decodeFileId(id)), id);
  });

  it('pyrogram vectors: types, round trips of ids and unique ids, unique ids of documents and dialog photos', () => {
    for (const [id, type, unique] of PYROGRAM) {
      const decoded = decodeFileId(id);
      assert.equal(decoded.type, type, id);
      assert.equal(encodeFileId(decoded), id);
      assert.equal(encodeFileUniqueId(decodeFileUniqueId(unique)), unique);
      if (type !== FileType.Photo && type !== FileType.Thumbnail) assert.equal(uniqueIdOfFileId(id), unique, id);
    }
    const doc = decodeFileId(PYROGRAM[3]![0]);
    assert.equal(doc.subVersion, 30);
    assert.deepEqual(doc.location, { kind: 'common', id: 5312458109417947140n, accessHash: 6437869729085068477n });
    assert.equal(hex(doc.fileReference), '0200a0afd00000098f5fb6f85316e33681443bf2f4238b3ac2b5cd240f');
    assert.deepEqual(decodeFileUniqueId('AgADBAADgaS5SQ'), { kind: 'document', id: 5312458109417947140n });
    assert.deepEqual(decodeFileUniqueId('AQADIH3qihAAA_OeAQAB'), { kind: 'photoLegacy', volumeId: 0x108aea7d20n, localId: 0x19ef3 });
    // an old (version 2) id
    const old = 'BQADBAADQNKSZqjl5DcROGn_eu5JtgAEAgAEAg';
    assert.equal(decodeFileId(old).version, 2);
    assert.equal(decodeFileId(old).type, FileType.Document);
    assert.equal(encodeFileId(decodeFileId(old)), old);
  });

  it('mtcute vectors: unique ids derived from file ids; legacy profile photos', () => {
    for (const [id, unique] of MTCUTE_UNIQUE) assert.equal(uniqueIdOfFileId(id), unique, id);
    const big = decodeFileId('AQADAgATqfDdly4AAwMAA4siCOX_____AAhKowIAAR4E');
    assert.deepEqual(fileIdToInputFileLocation(big), {
      _: 'inputPeerPhotoFileLocationLegacy',
      big: true,
      peer: { _: 'inputPeerChat', chatId: 452451701 },
      volumeId: 200116400297n,
      localId: 172874,
    });
    const channel = decodeFileId('AQADAgATySHBDgAEAgAD0npI3Bb___-wfxjpg7QCPf0pBQABHwQ');
    assert.deepEqual(fileIdToInputFileLocation(channel), {
      _: 'inputPeerPhotoFileLocationLegacy',
      peer: { _: 'inputPeerChannel', channelId: 1326609710, accessHash: 4396274664911437744n },
      volumeId: 247538121n,
      localId: 338429,
    });
    const short = decodeFileId('CAADAQADegAD997LEUiQZafDlhIeAg');
    assert.equal(short.dcId, 1);
    assert.deepEqual(short.location, { kind: 'common', id: 1282363671355326586n, accessHash: 2166960137789870152n });
  });

  it('malformed and unsupported ids fail with FileIdError naming the reason', () => {
    const bad = (id: string, pattern: RegExp) => assert.throws(() => decodeFileId(id), (e: unknown) => e instanceof FileIdError && pattern.test(e.message), id);
    bad('', /non-empty/);
    bad('/-*-/--+', /base64url/);
    bad(base64urlEncode(new Uint8Array([1])), /too short/);
    bad(base64urlEncode(new Uint8Array([1, 20])), /version 20/);
    bad(base64urlEncode(new Uint8Array([1, 3])), /version 3/);
    bad('RQACAgIAAx0CAAGgr9AAAgmPX7b4UxbjNoFEO_L0I4s6wrXNJA8AAgQAA4GkuUm9FFvIaOhXWR4E', /unknown file type/);
    bad('AAMCAgADHQIAAaCv0AACCY9ftvhTFuM2gUQ78vQjizrCtc0kDwACBAADgaS5Sb0UW8ho6FdZIH3qihAAA6QBAAIeBA', /photo size source/);
    // a body cut short, with valid version bytes
    const body = zeroDecode(base64urlDecode(GOTD.Sticker).subarray(0, -2));
    const cut = (n: number) => base64urlEncode(Uint8Array.from([...zeroEncode(body.subarray(0, n)), DEFAULT_SUB_VERSION, 4]));
    bad(cut(body.length - 3), /truncated id: access_hash/);
    bad(cut(10), /truncated id: file_reference/);
    bad(base64urlEncode(Uint8Array.from([...zeroEncode(Uint8Array.from([...body, 1, 2, 3, 4])), 34, 4])), /4 unexpected bytes/);
  });
});

describe('file ids: conversions and round trips', () => {
  it('locations of photos, document thumbs, chat photos and documents', () => {
    assert.deepEqual(fileIdToInputFileLocation(decodeFileId(GOTD.Photo)), {
      _: 'inputPhotoFileLocation',
      id: 5249364129762884486n,
      accessHash: 5280454898771269252n,
      fileReference: decodeFileId(GOTD.Photo).fileReference,
      thumbSize: 'x',
    });
    const thumb = fileIdToInputFileLocation(decodeFileId(GOTD.VideoThumbnail));
    assert.equal(thumb._, 'inputDocumentFileLocation');
    assert.equal((thumb as { thumbSize: string }).thumbSize, 'm');
    assert.deepEqual(fileIdToInputFileLocation(decodeFileId(GOTD.ChatPhoto)), {
      _: 'inputPeerPhotoFileLocation',
      big: true,
      peer: { _: 'inputPeerChannel', channelId: 1228418968, accessHash: -3299551084991488399n },
      photoId: 5291818339590582253n,
    });
    const doc = decodeFileId(GOTD.Video);
    assert.deepEqual(fileIdToInputFileLocation(doc), { _: 'inputDocumentFileLocation', id: 5233570104335143242n, accessHash: 4819682371444353606n, fileReference: doc.fileReference, thumbSize: '' });
    assert.deepEqual(fileIdToInputDocument(doc), { _: 'inputDocument', id: 5233570104335143242n, accessHash: 4819682371444353606n, fileReference: doc.fileReference });
    assert.equal(fileIdToInputPhoto(decodeFileId(GOTD.Photo))._, 'inputPhoto');
    assert.throws(() => fileIdToInputPhoto(doc), FileIdError);
    assert.deepEqual(inputPeerOfDialog(42, 7n), { _: 'inputPeerUser', userId: 42, accessHash: 7n });
    assert.throws(() => inputPeerOfDialog(-2_000_000_000_005, 0n), FileIdError);
  });

  it('ids made from TL objects start like Bot API ids and come back to the same locations', () => {
    const ref = new Uint8Array(29).fill(7);
    const doc: RawDocument = { _: 'document', id: 123456789012345n, accessHash: -55n, fileReference: ref, date: 1, mimeType: 'video/mp4', size: 10n, dcId: 2, attributes: [{ _: 'documentAttributeVideo', duration: 1, w: 1, h: 1 }] };
    const photo: RawPhoto = { _: 'photo', id: 987654321n, accessHash: 77n, fileReference: ref, date: 1, sizes: [{ _: 'photoStrippedSize', type: 'i', bytes: new Uint8Array(3) }, { _: 'photoSize', type: 'm', w: 1, h: 1, size: 1 }, { _: 'photoSizeProgressive', type: 'y', w: 2, h: 2, sizes: [1, 2] }], dcId: 2 };
    const docId = encodeFileId(fileIdFromDocument({ ...doc, attributes: [] }));
    assert.ok(docId.startsWith('BQACAgIAAx'), docId);
    assert.equal(fileIdFromDocument(doc).type, FileType.Video);
    const photoId = encodeFileId(fileIdFromPhoto(photo));
    assert.ok(photoId.startsWith('AgACAgIAAx'), photoId);
    assert.equal(decodeFileId(photoId).subVersion, DEFAULT_SUB_VERSION);
    assert.deepEqual(fileIdToInputFileLocation(decodeFileId(photoId)), { _: 'inputPhotoFileLocation', id: 987654321n, accessHash: 77n, fileReference: ref, thumbSize: 'y' });
    assert.deepEqual(fileIdToInputFileLocation(decodeFileId(encodeFileId(fileIdFromDocumentThumb(doc, 'm')))), {
      _: 'inputDocumentFileLocation',
      id: doc.id,
      accessHash: doc.accessHash,
      fileReference: ref,
      thumbSize: 'm',
    });
    const peer = fileIdFromPeerPhoto({ photoId: 5n, dcId: 4, big: false, peer: { _: 'inputPeerChannel', channelId: 1500000000, accessHash: 9n } });
    assert.deepEqual(fileIdToInputFileLocation(decodeFileId(encodeFileId(peer))), {
      _: 'inputPeerPhotoFileLocation',
      peer: { _: 'inputPeerChannel', channelId: 1500000000, accessHash: 9n },
      photoId: 5n,
    });
    // small and big sizes of one photo: `a`/`c` thumbs and small/big dialog photos share unique ids
    assert.deepEqual(fileUniqueIdOf(peer), { kind: 'photo', id: 5n, subType: 0 });
    const web: FileId = { type: FileType.Photo, dcId: 4, location: { kind: 'web', url: 'https://example.org/ä.jpg', accessHash: 3n }, version: 4, subVersion: 54 };
    assert.deepEqual(decodeFileId(encodeFileId(web)), web);
    assert.deepEqual(decodeFileUniqueId(encodeFileUniqueId(fileUniqueIdOf(web))), { kind: 'web', url: 'https://example.org/ä.jpg' });
    // legacy layouts re-encode at their sub-version
    const legacy: FileId = { type: FileType.Photo, dcId: 2, location: { kind: 'photo', id: 1n, accessHash: 2n, source: { kind: 'legacy', secret: 3n }, legacy: { volumeId: 4n, localId: 5 } }, version: 4, subVersion: 20 };
    assert.deepEqual(decodeFileId(encodeFileId(legacy)), legacy);
    assert.equal(fileIdToInputFileLocation(legacy)._, 'inputPhotoLegacyFileLocation');
  });

  it('zero runs longer than 250 bytes split; base64url round trips every length', () => {
    const zeros = new Uint8Array(600);
    zeros[599] = 9;
    const enc = zeroEncode(zeros);
    assert.deepEqual(Array.from(enc), [0, 250, 0, 250, 0, 99, 9]);
    assert.deepEqual(zeroDecode(enc), zeros);
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      assert.deepEqual(base64urlDecode(base64urlEncode(b)), b);
    }
  });

  it('a file id of a document served by the test server downloads', async () => {
    const h = new WorldHarness({ dcId: 2, dcs: [2] });
    const user = h.world.seed.createUser({ firstName: 'F', dc: 2 });
    const bytes = new Uint8Array(5000).map((_, i) => i & 0xff);
    await h.call('upload.saveFilePart', { fileId: 1n, filePart: 0, bytes }, { as: user });
    const media = (await h.call(
      'messages.uploadMedia',
      { peer: { _: 'inputPeerSelf' }, media: { _: 'inputMediaUploadedDocument', file: { _: 'inputFile', id: 1n, parts: 1, name: 'a.bin', md5Checksum: '' }, mimeType: 'application/pdf', attributes: [] } },
      { as: user },
    )) as { document: RawDocument };
    const fileId = encodeFileId(fileIdFromDocument(media.document));
    const got = (await h.call('upload.getFile', { location: fileIdToInputFileLocation(decodeFileId(fileId)), offset: 0n, limit: 8192 }, { as: user })) as { bytes: Uint8Array };
    assert.deepEqual(got.bytes, bytes);
  });
});
