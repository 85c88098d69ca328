/**
 * The constructor-id rule of TL: id = CRC32 of the normalised definition.
 * Normalisation (see test/vectors/tl-serialization.json → constructor_id_rule): drop the `#id`
 * and `;`, drop `name:flagsK.N?true` fields, write `bytes` as `string` when it is a whole field
 * type, replace `<` by a space, drop `>`, `{`, `}` and `%`, collapse whitespace.
 */

const TRUE_FLAG = /^[A-Za-z0-9_]+:[A-Za-z0-9_]+\.\d+\?true$/;

/** `tokens[0]` is the combinator name without `#id`; the rest are the remaining tokens. */
export function normaliseDefinition(tokens: readonly string[]): string {
  const kept = tokens.filter((t) => !TRUE_FLAG.test(t));
  return kept
    .join(' ')
    .replace(/([:?])bytes(?=\s|$)/g, '$1string')
    .replace(/</g, ' ')
    .replace(/[>{}%]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Definitions whose published id is not derivable with the rule above (legacy aliases, and
 * three help.configSimple types that keep `bytes`). Mismatches on these are reported as known.
 */
export const KNOWN_ID_EXCEPTIONS: ReadonlySet<string> = new Set([
  'ipPortSecret',
  'accessPointRule',
  'help.configSimple',
  'inputPeerPhotoFileLocationLegacy',
  'inputStickerSetThumbLegacy',
  // secret_api.tl: the layer-143 version changed `size:int` to `size:long` and got a new id
  // that is not the CRC of its definition.
  'decryptedMessageMediaDocument',
]);
