import { TransportError } from '../errors.js';
import { AbridgedCodec } from './abridged.js';
import { FullCodec } from './full.js';
import { IntermediateCodec } from './intermediate.js';
import { PaddedIntermediateCodec } from './padded-intermediate.js';
import type { Codec, CodecName, CodecOptions } from './types.js';

export { AbridgedCodec } from './abridged.js';
export { FullCodec } from './full.js';
export { IntermediateCodec } from './intermediate.js';
export { PaddedIntermediateCodec, stripMtprotoPadding } from './padded-intermediate.js';
export { transportErrorPayload } from './base.js';
export { DEFAULT_MAX_FRAME_SIZE } from './types.js';
export type { Codec, CodecName, CodecOptions, CodecSide, FrameGate } from './types.js';

/** Every codec name, in a stable order. */
export const CODEC_NAMES: readonly CodecName[] = ['abridged', 'intermediate', 'paddedIntermediate', 'full'];

/** Creates a fresh codec instance for one connection. */
export function createCodec(name: CodecName, options?: CodecOptions): Codec {
  switch (name) {
    case 'abridged':
      return new AbridgedCodec(options);
    case 'intermediate':
      return new IntermediateCodec(options);
    case 'paddedIntermediate':
      return new PaddedIntermediateCodec(options);
    case 'full':
      return new FullCodec(options);
    default:
      throw new TransportError('invalid-options', `unknown codec ${JSON.stringify(name as string)}`);
  }
}
