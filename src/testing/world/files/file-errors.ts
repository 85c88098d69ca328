/** Throwing the files area's inferred errors. */
import { RpcError } from '../../../errors.js';
import { FILE_INFERRED_ERRORS, type FileErrorKey } from './file-rules.js';

/** Throws the error the files rule table maps `key` to. */
export function failFiles(key: FileErrorKey): never {
  const [code, message] = FILE_INFERRED_ERRORS[key];
  throw new RpcError(code, message);
}
