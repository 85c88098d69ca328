/**
 * A process holding one account's lease until it is killed (the crash case of `lease-suite.ts`):
 * `lease-child.ts <postgres|redis> <url> <account> <leaseTtlMs>`. Writes an auth key and the
 * account, prints `open`, then idles.
 */
import { PostgresStorage } from '../../../src/storage/postgres/index.js';
import { RedisStorage } from '../../../src/storage/redis/index.js';

/** The same bytes as `keyBytes(42)` of the contract suite. */
const keyBytes = (seed: number): Uint8Array => Uint8Array.from({ length: 256 }, (_, i) => (i * 31 + seed * 7) & 0xff);

const [kind, url, account, ttl] = process.argv.slice(2) as [string, string, string, string];
const options = { account, leaseTtlMs: Number(ttl), holder: `crashing child ${process.pid}` };
const storage = kind === 'postgres' ? new PostgresStorage({ ...options, connectionString: url }) : new RedisStorage({ ...options, url });
await storage.open();
await storage.authKeys.set(2, { authKey: keyBytes(42) });
await storage.account.set({ dcId: 2, user: { id: 4242, bot: true } });
process.stdout.write('open\n');
setInterval(() => undefined, 60_000);
