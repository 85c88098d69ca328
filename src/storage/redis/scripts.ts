/**
 * The Lua scripts of the Redis storage. Redis runs a script atomically, so each write checks the
 * lease and changes the data in one step: the fence. A lease is the key `…:lease` holding
 * `<token>\n<holder>` with a millisecond expiry (Redis's clock); `…:generation` counts
 * acquisitions. Scripts are sent by SHA-1 (`EVALSHA`) and loaded on the first `NOSCRIPT`.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { sha1 } from '../../crypto/index.js';
import { toHex } from '../../encoding.js';

/** `KEYS[1]` is the lease and `ARGV[1]` the token in every fenced script. */
const HELD = `
local function held()
  local v = redis.call('GET', KEYS[1])
  return v ~= false and string.sub(v, 1, #ARGV[1] + 1) == ARGV[1] .. '\\n'
end
`;

// Unindexes the peer `key` (its names and phone, from KEYS[5] "owned") where they still point at it.
const UNINDEX = `
local function unindex(key)
  local old = redis.call('HGET', KEYS[5], key)
  if not old then return false end
  local bar = string.find(old, '|', 1, true)
  for name in string.gmatch(string.sub(old, 1, bar - 1), '[^,]+') do
    if redis.call('HGET', KEYS[3], name) == key then redis.call('HDEL', KEYS[3], name) end
  end
  local phone = string.sub(old, bar + 1)
  if phone ~= '' and redis.call('HGET', KEYS[4], phone) == key then redis.call('HDEL', KEYS[4], phone) end
  return true
end
`;

export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = toHex(sha1(new TextEncoder().encode(source)));
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** KEYS: lease, generation. ARGV: token, holder, ttl ms. → {1, generation} or {0, holder, pttl}. */
export const ACQUIRE = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2], 'NX', 'PX', ARGV[3]) then
  return {1, redis.call('INCR', KEYS[2])}
end
local v = redis.call('GET', KEYS[1])
local nl = v and string.find(v, '\\n', 1, true)
return {0, nl and string.sub(v, nl + 1) or '', redis.call('PTTL', KEYS[1])}
`);

/** KEYS: lease. ARGV: token, ttl ms. → 1 renewed, 0 not held. */
export const RENEW = new LuaScript(`${HELD}
if held() then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
`);

/** KEYS: lease. ARGV: token. */
export const RELEASE = new LuaScript(`${HELD}
if held() then redis.call('DEL', KEYS[1]) end
return 1
`);

/** KEYS: lease, hash. ARGV: token, field, value, field, value… → 1, or 0 when not held. */
export const FENCED_HSET = new LuaScript(`${HELD}
if not held() then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
return 1
`);

/** KEYS: lease, hash. ARGV: token, field… */
export const FENCED_HDEL = new LuaScript(`${HELD}
if not held() then return 0 end
for i = 2, #ARGV do redis.call('HDEL', KEYS[2], ARGV[i]) end
return 1
`);

/** KEYS: lease, key. ARGV: token, value. */
export const FENCED_SET = new LuaScript(`${HELD}
if not held() then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`);

/** KEYS: lease, key… ARGV: token. Deletes KEYS[2..]. */
export const FENCED_DEL = new LuaScript(`${HELD}
if not held() then return 0 end
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
`);

/**
 * KEYS: lease, peers, names, phones, owned. ARGV: token, then per record: key, JSON, names
 * (lower-cased, comma-joined), phone or ''. Stores the records one after another, exactly as the
 * memory storage does (a name or phone moves to its last claimant; unindexing only removes what
 * still points at the peer).
 */
export const PUT_PEERS = new LuaScript(`${HELD}${UNINDEX}
if not held() then return 0 end
for i = 2, #ARGV, 4 do
  local key, names, phone = ARGV[i], ARGV[i + 2], ARGV[i + 3]
  unindex(key)
  redis.call('HSET', KEYS[2], key, ARGV[i + 1])
  redis.call('HSET', KEYS[5], key, names .. '|' .. phone)
  for name in string.gmatch(names, '[^,]+') do redis.call('HSET', KEYS[3], name, key) end
  if phone ~= '' then redis.call('HSET', KEYS[4], phone, key) end
end
return 1
`);

/** KEYS: lease, peers, names, phones, owned. ARGV: token, key. */
export const DELETE_PEER = new LuaScript(`${HELD}${UNINDEX}
if not held() then return 0 end
if unindex(ARGV[2]) then
  redis.call('HDEL', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[5], ARGV[2])
end
return 1
`);

/** KEYS: index (names or phones), peers. ARGV: name. → the peer's JSON or nil. */
export const PEER_BY_INDEX = new LuaScript(`
local key = redis.call('HGET', KEYS[1], ARGV[1])
if not key then return false end
return redis.call('HGET', KEYS[2], key)
`);
