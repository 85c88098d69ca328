/** The error of malformed or unsupported Bot API file ids. */
import { TgtsError } from '../../../errors.js';

/** A `file_id` / `file_unique_id` that cannot be decoded, encoded or converted; `reason` says why. */
export class FileIdError extends TgtsError {
  override name = 'FileIdError';

  constructor(readonly reason: string) {
    super(reason);
  }
}
