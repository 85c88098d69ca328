/**
 * Classifies what a caller may pass to `client.peers.resolve(x)` as a string or number, without the
 * network: `'me'`, usernames, phone numbers, Bot API ids, t.me / telegram.me / telegram.dog links and
 * `tg://` links (spec `messages.md` §7.6, §8.4, §8.5). The resolver turns the result into an `InputPeer`.
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import { fromBotApiId } from './bot-api-ids.js';
import { parseLink } from './links.js';
import { SELF_WORDS } from './rules.js';
import { checkUsername, phoneDigits } from './syntax.js';
import type { ParsedPeer } from './types.js';

const USERNAME_CHARS = /^[A-Za-z0-9_]+$/;
const NUMERIC = /^-?\d+$/;

function idPeer(botApiId: number | bigint): ParsedPeer {
  const { type, id } = fromBotApiId(botApiId);
  return { kind: 'id', type, id, botApiId: Number(botApiId) };
}

/**
 * Classifies a peer input.
 *
 * @param input - a string (`'me'`, `'@name'`, `'name'`, `'+phone'`, a Bot API id, a link) or a Bot API
 *   id as a number or bigint.
 * @returns the {@link ParsedPeer} it names.
 * @throws BadArgumentError (field `peer`) naming the problem: an invalid username, an id outside every
 *   range, a link to something that is not a peer, garbage.
 *
 * @example
 * ```ts
 * parsePeer('@durov')                  // { kind: 'username', username: 'durov' }
 * parsePeer('https://t.me/c/123/45')   // { kind: 'channelMessage', channelId: 123, messageId: 45 }
 * parsePeer(-1001234567890)            // { kind: 'id', type: 'channel', id: 1234567890, botApiId: -1001234567890 }
 * ```
 */
export function parsePeer(input: string | number | bigint): ParsedPeer {
  if (typeof input === 'number' || typeof input === 'bigint') return idPeer(input);
  if (typeof input !== 'string') throw new BadArgumentError('peer', `expected a string or a number, got ${typeof input}`);
  const s = input.trim();
  if (s.length === 0) throw new BadArgumentError('peer', 'is empty');
  if (SELF_WORDS.has(s.toLowerCase())) return { kind: 'self' };
  const first = s.charCodeAt(0);
  if (first === 0x40 /* @ */) return { kind: 'username', username: checkUsername(s.slice(1), input) };
  if (first === 0x2b /* + */) return { kind: 'phone', phone: phoneDigits(s.slice(1), input) };
  if (NUMERIC.test(s)) {
    if (s.length > 16) throw new BadArgumentError('peer', `${JSON.stringify(input)} is not a Bot API peer id (too long)`);
    return idPeer(Number(s));
  }
  const link = parseLink(s, input);
  if (link !== undefined) return link;
  if (USERNAME_CHARS.test(s)) return { kind: 'username', username: checkUsername(s, input) };
  throw new BadArgumentError('peer', `${JSON.stringify(input)} is neither a username, a phone number, a Bot API id nor a Telegram link`);
}
