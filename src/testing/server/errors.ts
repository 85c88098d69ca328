/**
 * Errors of the test server itself (configuration, data files). Protocol faults of a client are
 * never thrown: they close or answer that client's connection only.
 * @module
 */
import { TgtsError } from '../../errors.js';

/** The test server could not start or was misused (bad options, corrupt or foreign data file…). */
export class TestServerError extends TgtsError {
  override name = 'TestServerError';
  /** File involved, when the problem is a data file. */
  readonly file?: string;

  constructor(message: string, file?: string, options?: ErrorOptions) {
    super(file === undefined ? message : `${file}: ${message}`, options);
    if (file !== undefined) this.file = file;
  }
}
