/** Errors of the message helpers. */
import { TgtsError } from '../../errors.js';

/** A call succeeded but its answer does not contain the message it must have produced (a server defect). */
export class MessageResultError extends TgtsError {
  override name = 'MessageResultError';
  /** The method whose answer was incomplete. */
  readonly method: string;

  constructor(method: string, message: string) {
    super(`${method}: ${message}`);
    this.method = method;
  }
}
