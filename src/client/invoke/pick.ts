/** Only the {@link InvokeOptions} of a helper's options object (helpers take both in one object). */
import type { InvokeOptions } from './types.js';

/** The invoke options among `options` (signal, deadline, timeout, dcId, pool). */
export function invokeOptionsOf(options: InvokeOptions): InvokeOptions {
  const out: InvokeOptions = {};
  if (options.signal !== undefined) out.signal = options.signal;
  if (options.deadline !== undefined) out.deadline = options.deadline;
  if (options.timeout !== undefined) out.timeout = options.timeout;
  if (options.dcId !== undefined) out.dcId = options.dcId;
  if (options.pool !== undefined) out.pool = options.pool;
  return out;
}
