/**
 * Unpadded URL-safe base64 (RFC 4648 §5): file ids travel in this alphabet. The codec is the
 * project's (`src/encoding.ts`); this module keeps file ids to the URL-safe alphabet and reports
 * failures as {@link FileIdError}.
 */
import { fromBase64, toBase64Url } from '../../../encoding.js';
import { BadArgumentError } from '../../../errors.js';
import { FileIdError } from './errors.js';

/** Bytes → base64url without padding. */
export function base64urlEncode(bytes: Uint8Array): string {
  return toBase64Url(bytes);
}

/** base64url (padding tolerated) → bytes; any other character, or a dangling sixth bit group, is a {@link FileIdError}. */
export function base64urlDecode(text: string): Uint8Array {
  const body = text.replace(/=+$/, '');
  // the shared decoder also takes the standard alphabet; a file id never uses it
  const standard = /[+/]/.exec(body);
  if (standard) throw new FileIdError(`not base64url: character ${JSON.stringify(standard[0])} at ${standard.index}`);
  try {
    return fromBase64(body, 'file id');
  } catch (error) {
    if (error instanceof BadArgumentError) throw new FileIdError(`not base64url: ${error.message}`);
    throw error;
  }
}
