/**
 * Decoding what the server pushes outside of answers (Updates, or any object a client can
 * receive). Kept apart from the engine, which hands such messages on undecoded.
 * @module
 */
import { decodeIncoming } from '../tl/codec.js';
import type { InflateBudget } from '../tl/runtime/reader.js';
import type { MtprotoLogger } from './clock.js';

/** The decoded object, or undefined (logged) when it cannot be decoded; `budget` is its packet's. */
export function decodeUnsolicited(body: Uint8Array, budget: InflateBudget, logger: MtprotoLogger | undefined): unknown {
  try {
    return decodeIncoming(body, budget);
  } catch (err) {
    logger?.warn('tgts/mtproto: could not decode an incoming object', err);
    return undefined;
  }
}
