/**
 * The storage contract against a real Redis server (Debian's `redis-server`, started in a
 * temporary directory on a random loopback port).
 */
import { after, before, describe } from 'node:test';
import { Redis } from 'ioredis';
import { RedisStorage } from '../../../src/storage/redis/index.js';
import { startRedis, type RedisServer } from '../../helpers/db/redis.js';
import { runStorageContract } from '../contract.js';

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
});
