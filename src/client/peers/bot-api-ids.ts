/**
 * Bot API peer ids (spec `messages.md` §8.4): one signed number for users, basic groups, channels and
 * secret chats, computed by arithmetic from the MTProto id.
 * @module
 */
import { BadArgumentError } from '../../errors.js';

/** What kind of peer a Bot API id names. */
export type BotApiPeerType = 'user' | 'chat' | 'channel' | 'secretChat';

const USER_MAX = 0xffffffffff;
const CHAT_MAX = 999999999999;
const CHANNEL_SHIFT = 1000000000000;
const CHANNEL_MAX = 997852516352;
const MONOFORUM_MIN = 1002147483649;
const MONOFORUM_MAX = 3000000000000;
const SECRET_SHIFT = 2000000000000;

function isChannelId(id: number): boolean {
  return (id >= 1 && id <= CHANNEL_MAX) || (id >= MONOFORUM_MIN && id <= MONOFORUM_MAX);
}

/**
 * The Bot API id of a peer: a user's id as is, a basic group's negated, a channel's as
 * `-(1000000000000 + id)`, a secret chat's as `id - 2000000000000`.
 *
 * @throws BadArgumentError when `id` is outside the range of its type.
 * @example
 * ```ts
 * toBotApiId('channel', 1234) // -1000000001234
 * ```
 */
export function toBotApiId(type: BotApiPeerType, id: number): number {
  if (!Number.isSafeInteger(id)) throw new BadArgumentError('id', `must be an integer, got ${id}`);
  switch (type) {
    case 'user':
      if (id >= 1 && id <= USER_MAX) return id;
      break;
    case 'chat':
      if (id >= 1 && id <= CHAT_MAX) return -id;
      break;
    case 'channel':
      if (isChannelId(id)) return -(CHANNEL_SHIFT + id);
      break;
    case 'secretChat':
      if (id >= -0x80000000 && id <= 0x7fffffff) return id - SECRET_SHIFT;
      break;
    default:
      throw new BadArgumentError('type', `unknown peer type ${JSON.stringify(type)}`);
  }
  throw new BadArgumentError('id', `${id} is not a valid ${type} id`);
}

/**
 * The peer behind a Bot API id.
 *
 * @throws BadArgumentError for 0, fractions, and numbers in no type's range.
 * @example
 * ```ts
 * fromBotApiId(-1000000001234) // { type: 'channel', id: 1234 }
 * ```
 */
export function fromBotApiId(botApiId: number | bigint): { type: BotApiPeerType; id: number } {
  const n = typeof botApiId === 'bigint' ? Number(botApiId) : botApiId;
  if (!Number.isSafeInteger(n) || (typeof botApiId === 'bigint' && BigInt(n) !== botApiId)) {
    throw new BadArgumentError('peer', `${botApiId} is not a Bot API peer id (not a safe integer)`);
  }
  if (n >= 1 && n <= USER_MAX) return { type: 'user', id: n };
  if (n <= -1 && n >= -CHAT_MAX) return { type: 'chat', id: -n };
  const shifted = -n - CHANNEL_SHIFT;
  if (isChannelId(shifted)) return { type: 'channel', id: shifted };
  const secret = n + SECRET_SHIFT;
  if (n < 0 && secret >= -0x80000000 && secret <= 0x7fffffff) return { type: 'secretChat', id: secret };
  throw new BadArgumentError('peer', `${n} is not a Bot API peer id (outside every id range)`);
}
