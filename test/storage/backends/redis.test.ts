/**
 * The storage contract and the lease rules against a real Redis server (Debian's `redis-server`, started in a
 * temporary directory on a random loopback port).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { SessionError } from '../../../src/errors.js';
import { REDIS_SCHEMA_VERSION, RedisStorage } from '../../../src/storage/redis/index.js';
import { startRedis, type RedisServer } from '../../helpers/db/redis.js';
import { runStorageContract } from '../contract.js';
import { runLeaseSuite } from './lease-suite.js';

describe('Redis', () => {
  let server: RedisServer;
  let redis: Redis;
  let accounts = 0;

  before(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });

  after(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  runStorageContract('RedisStorage', async () => {
    const account = `account-${++accounts}`;
    return {
      create: () => new RedisStorage({ redis, account }),
      persistent: 'all',
      exclusive: true,
      dispose: async () => {},
      // layout 1's value: the pts alone
      writeOldChannel: async (id, pts) => {
        await redis.hset(`tgts:{${account}}:channel-pts`, String(id), String(pts));
      },
    };
  });

  it('raises a layout 1 prefix to the current layout in place; a newer one is refused', async () => {
    await redis.set('legacy:schema', '1');
    await redis.hset('legacy:{old}:channel-pts', '1000000001', '77');
    const storage = new RedisStorage({ redis, account: 'old', keyPrefix: 'legacy:' });
    try {
      await storage.open();
      assert.equal(await redis.get('legacy:schema'), String(REDIS_SCHEMA_VERSION));
      assert.deepEqual(await storage.updates.listChannels(), [[1_000_000_001, 77]]);
      await storage.updates.setChannels([[1_000_000_001, 78, 501]]);
      assert.deepEqual(await storage.updates.listChannels(), [[1_000_000_001, 78, 501]]);
    } finally {
      await storage.close();
    }
    await redis.set('newer:schema', String(REDIS_SCHEMA_VERSION + 1));
    await assert.rejects(new RedisStorage({ redis, account: 'x', keyPrefix: 'newer:' }).open(), (e) => e instanceof SessionError && /newer/.test(e.message));
  });

  runLeaseSuite('RedisStorage', {
    kind: 'redis',
    url: () => server.url,
    create: (account, options) => new RedisStorage({ redis, account, ...options }),
    expire: async (account) => {
      await redis.del(`tgts:{${account}}:lease`);
    },
    blockRenewals: async () => {
      // Redis stops serving writes (scripts included) for a while, as when it is out of reach
      await redis.call('CLIENT', 'PAUSE', '1500', 'WRITE');
      return async () => {
        await redis.call('CLIENT', 'UNPAUSE');
      };
    },
  });
});
