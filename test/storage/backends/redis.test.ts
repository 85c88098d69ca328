/**
 * The storage contract and the lease rules against a real Redis server (Debian's `redis-server`, started in a
 * temporary directory on a random loopback port).
 */
import { after, before, describe } from 'node:test';
import { Redis } from 'ioredis';
import { RedisStorage } from '../../../src/storage/redis/index.js';
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
    };
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
