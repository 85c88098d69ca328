import type { CodecName } from './codecs/types.js';
import { TransportError } from './errors.js';
import { OBFUSCATED_INIT_SIZE } from './obfuscated2.js';

/** What the first bytes of a connection reveal (server side). */
export type TransportDetection =
  | { kind: 'need-more' }
  /** Plain codec; `tagSize` bytes of tag to drop before the first frame. */
  | { kind: 'plain'; codec: CodecName; tagSize: number }
  /** Obfuscated2: the first 64 bytes are the init. */
  | { kind: 'obfuscated' };

const HTTP_WORDS = ['POST', 'GET ', 'HEAD', 'OPTI'];

/**
 * Identifies the transport from the first bytes a client sent:
 * 0xef → abridged; 0xeeeeeeee → intermediate; 0xdddddddd → padded intermediate; bytes 4..8 zero →
 * full (length then seqno 0); otherwise, once 64 bytes are in, an obfuscated2 init.
 * HTTP and TLS starts are refused with `TransportError('bad-init')`.
 */
export function detectTransport(head: Uint8Array): TransportDetection {
  if (head.length < 1) return { kind: 'need-more' };
  if (head[0] === 0xef) return { kind: 'plain', codec: 'abridged', tagSize: 1 };
  if (head.length < 4) return { kind: 'need-more' };
  const word = head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24);
  if (word === (0xeeeeeeee | 0)) return { kind: 'plain', codec: 'intermediate', tagSize: 4 };
  if (word === (0xdddddddd | 0)) return { kind: 'plain', codec: 'paddedIntermediate', tagSize: 4 };
  const ascii = String.fromCharCode(head[0], head[1], head[2], head[3]);
  if (HTTP_WORDS.includes(ascii)) throw new TransportError('bad-init', `HTTP transport is not supported (connection starts with "${ascii}")`);
  if (word === 0x02010316) throw new TransportError('bad-init', 'fake-TLS transport is not supported (connection starts with a TLS record)');
  if (head.length < 8) return { kind: 'need-more' };
  if (head[4] === 0 && head[5] === 0 && head[6] === 0 && head[7] === 0) {
    return { kind: 'plain', codec: 'full', tagSize: 0 };
  }
  if (head.length < OBFUSCATED_INIT_SIZE) return { kind: 'need-more' };
  return { kind: 'obfuscated' };
}
