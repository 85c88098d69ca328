/**
 * Every inferred ([I]) choice of `spec/files.md` and the test-server switches of its §9, in one place.
 * The documented rules live in the code that applies them (each cites its section); what is here is our
 * guess of Telegram's behaviour and can be changed per world (`createWorld({ files: { … } })`, or by
 * assigning `world.files.switches.x`) when a real capture says otherwise.
 *
 * One [I] rule of the files area lives with persistence instead: with a data directory, answers that are
 * file bytes are not written to the data file (a re-sent `getFile` after a restart reads the file again;
 * `testing/persistence/durable-state.ts`).
 */

/** Numeric limits and toggles of the files area (spec §9). */
export interface FileSwitches {
  /** §1.2 `upload_max_fileparts_default`. */
  partLimitDefault: number;
  /** §1.2 `upload_max_fileparts_premium`. */
  partLimitPremium: number;
  /** §2.1 [I]: seconds uploaded parts live after their last write (consumed parts stay reusable until then). */
  partTtlSeconds: number;
  /** §5.8.2 [I]: seconds a file reference stays valid after it was issued. */
  referenceLifetimeSeconds: number;
  /** [I]: bytes of stored files plus parts in progress, over which uploads fail with `quotaExceeded`. */
  quotaBytes: number;
  /** §5.3 / §9 [I]: `getFile` at `offset == size` answers `OFFSET_INVALID` ('error') or empty bytes ('empty'). */
  offsetAtEnd: 'error' | 'empty';
  /** §1.4 / §6.6: hash window of `getFileHashes` / CDN hashes. */
  hashWindow: number;
  /** §5.6 [I]: windows returned per hashes call (8 × 128 KiB = 1 MiB). */
  hashesPerCall: number;
  /** §6.1: subscribers a public broadcast channel needs for its media to be served through a CDN. */
  cdnMinSubscribers: number;
  /** §6.8 [I]: seconds a `file_token` of a redirect stays valid (0 = forever). */
  cdnFileTokenTtlSeconds: number;
  /** §6.8 [I]: a file starts present on the CDN DCs (true) or absent until `upload.reuploadCdnFile` (false). */
  cdnInitiallyPresent: boolean;
  /** §6.1 [I]: bots never get a CDN redirect. */
  cdnForBots: boolean;
  /** §3.5: largest photo upload, bytes. */
  photoMaxBytes: number;
  /** §3.5: largest `w + h` of a photo. */
  photoMaxDimensionSum: number;
  /** §3.5: largest side ratio of a photo. */
  photoMaxRatio: number;
  /** §3.6: largest document thumbnail, bytes. */
  thumbMaxBytes: number;
  /** §3.6: largest side of a document thumbnail. */
  thumbMaxSide: number;
}

/** Defaults of {@link FileSwitches}. */
export const DEFAULT_FILE_SWITCHES: FileSwitches = {
  partLimitDefault: 4000,
  partLimitPremium: 8000,
  partTtlSeconds: 3600,
  referenceLifetimeSeconds: 7200,
  quotaBytes: 8 * 1024 ** 3,
  offsetAtEnd: 'error',
  hashWindow: 131072,
  hashesPerCall: 8,
  cdnMinSubscribers: 100_000,
  cdnFileTokenTtlSeconds: 3600,
  cdnInitiallyPresent: false,
  cdnForBots: false,
  photoMaxBytes: 10 * 1024 * 1024,
  photoMaxDimensionSum: 10000,
  photoMaxRatio: 20,
  thumbMaxBytes: 200 * 1024,
  thumbMaxSide: 320,
};

/**
 * Inferred error mappings and conditions: situation → `[code, error_message]`.
 * Documented errors with documented conditions are thrown where they apply.
 */
export const FILE_INFERRED_ERRORS = {
  /** [I] Stored bytes would pass `quotaBytes` (no such error exists on Telegram: a test-server limit). */
  quotaExceeded: [400, 'STORAGE_QUOTA_EXCEEDED'],
  /** §3.2: error documented, condition inferred — parts of a small upload of different sizes. */
  partLengthInvalid: [400, 'FILE_PART_LENGTH_INVALID'],
  /** §3.5: error documented, condition inferred — the photo's header cannot be parsed. */
  imageUndecodable: [400, 'IMAGE_PROCESS_FAILED'],
  /** §3.5: error documented, condition inferred — the upload's name has no image extension. */
  photoExtInvalid: [400, 'PHOTO_EXT_INVALID'],
  /** §3.6 [I]: a thumbnail over `thumbMaxBytes`, over `thumbMaxSide`, or not an image. */
  thumbInvalid: [400, 'MEDIA_INVALID'],
  /** [I] `inputMediaPhoto`/`inputMediaDocument` naming an unknown object. */
  mediaUnknown: [400, 'MEDIA_INVALID'],
  /** [I] an `InputMedia` the files area does not create (geo, contact, poll, …). */
  mediaUnsupported: [400, 'MEDIA_INVALID'],
  /** [I] `inputFileStoryDocument` outside stories. */
  inputFileInvalid: [400, 'INPUT_FILE_INVALID'],
  /** §5.3 [I]: a `thumb_size` the object does not have, or the inline `i` / `j` sizes. */
  thumbUnknown: [400, 'LOCATION_INVALID'],
  /** §5.3 [I]: a peer photo that is not one of the peer's photos. */
  peerPhotoUnknown: [400, 'FILE_ID_INVALID'],
  /** §6.3: error documented, mapping inferred — any method but `upload.getCdnFile` on a CDN DC. */
  cdnMethodInvalid: [400, 'CDN_METHOD_INVALID'],
  /** §6.4: `upload.getCdnFile` sent to a master DC (as Pyrogram and Telethon saw it; the method page says 404 METHOD_INVALID). */
  cdnFileOnMaster: [500, 'UNKNOWN_METHOD'],
} as const satisfies Record<string, readonly [number, string]>;

/** Key of {@link FILE_INFERRED_ERRORS}. */
export type FileErrorKey = keyof typeof FILE_INFERRED_ERRORS;

/** Inferred behaviour choices that are not errors or numbers (spec [I] rules). */
export const FILE_INFERRED_BEHAVIOUR = {
  /** §2.1: uploads are keyed by (user, DC, file_id, small|big); resending a part overwrites it. */
  partsKeyedByUserAndDc: true,
  /** §1.3: `inputFile` over 10 MiB is accepted (tdlib sends photos and video notes that way). */
  acceptBigSmallUploads: true,
  /** §2.2: saveFilePart checks a–d at once, size consistency when the file is consumed. */
  smallPartSizesCheckedAtConsumption: true,
  /** §3.3: md5 compared case-insensitively, only when non-empty. */
  md5CaseInsensitive: true,
  /** §3.5: photo sizes are boxes `m` 320, `x` 800, `y` 1280 (progressive), `w` 2560, scaled to fit; the first box holding the original ends the list. */
  photoBoxes: [
    ['m', 320],
    ['x', 800],
    ['y', 1280],
    ['w', 2560],
  ] as ReadonlyArray<readonly [string, number]>,
  /** §4.4: profile photos get crops `a` 160, `b` 320, `c` 640 of the original's shorter side. */
  profileCrops: [
    ['a', 160],
    ['b', 320],
    ['c', 640],
  ] as ReadonlyArray<readonly [string, number]>,
  /** No image processing: every photo size and thumbnail serves the original bytes; `size` is their length. */
  sizesServeOriginal: true,
  /** §3.6: documents with a given thumb, and image documents, get `i` stripped + `m` thumbs. */
  documentThumbs: true,
  /** §5.4: `storage.FileType` by content sniffing at offset 0, `storage.filePartial` after it; `mtime` = file date. */
  sniffFileType: true,
  /** §5.8.3: references are 29 bytes `kind ‖ issued_at ‖ origin ‖ nonce ‖ MAC`, fresh on every view. */
  referenceLayout: 'kind:1 issuedAt:4 origin:8 nonce:4 mac:12',
  /** §6.5: the redirect's IV has random last 4 bytes (clients must replace them, not add to them). */
  cdnRandomIvTail: true,
  /** §6.8: one key, IV and `file_token` per (file, CDN DC) while the token lives. */
  cdnKeyPerFile: true,
  /** §6.7: `reuploadCdnFile` answers the hashes from the offset the CDN asked for. */
  reuploadHashesFromRequestOffset: true,
  /** Media is deleted when its last holder (message, profile photo) lets go; never-held media stays. */
  deleteOnLastRelease: true,
} as const;
