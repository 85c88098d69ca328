/**
 * `postgres://…` and `redis://…` as where `tgts session import` writes and `tgts session export`
 * reads: one account of a fleet database, through the storage's normal API (its lease included).
 * `pg` and `ioredis` are optional peer dependencies, so their storages are loaded only here, on
 * demand; without the package the command says which one to install.
 */
import type { Storage } from '../../../storage/types.js';
import { UsageError } from '../../usage-error.js';

export type StorageUrlKind = 'postgres' | 'redis';

/** The backend a URL names, or `undefined` for anything else (a file path, a session string). */
export function storageUrlKind(text: string): StorageUrlKind | undefined {
  if (/^postgres(ql)?:\/\//i.test(text)) return 'postgres';
  if (/^rediss?:\/\//i.test(text)) return 'redis';
  return undefined;
}

/** The URL without its password, for messages. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return text.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** The error a failed `import()` of an optional package becomes: which package to install. */
export function missingPackage(error: unknown, pkg: string, what: string): Error {
  const e = error as { code?: unknown; message?: unknown };
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${pkg}'`)) {
    return new Error(`${what} needs the '${pkg}' package, an optional dependency of tgts: npm install ${pkg}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Loads an optional module, turning "package not installed" into {@link missingPackage}. */
export async function loadOptional<T>(load: () => Promise<T>, pkg: string, what: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw missingPackage(error, pkg, what);
  }
}

/** Opens (leases) account `name` of the database at `url`. */
export async function openUrlStorage(url: string, name: string | undefined, option: string): Promise<Storage> {
  const kind = storageUrlKind(url);
  if (kind === undefined) throw new UsageError(`${option}: not a postgres:// or redis:// URL`);
  if (name === undefined) throw new UsageError(`${option} ${kind}://…: add --name NAME (the account's name in the database)`);
  let storage: Storage;
  if (kind === 'postgres') {
    const { PostgresStorage } = await loadOptional(() => import('../../../storage/postgres/index.js'), 'pg', 'PostgreSQL storage');
    storage = new PostgresStorage({ connectionString: url, account: name });
  } else {
    const { RedisStorage } = await loadOptional(() => import('../../../storage/redis/index.js'), 'ioredis', 'Redis storage');
    storage = new RedisStorage({ url, account: name });
  }
  await storage.open();
  return storage;
}

/** True when the storage holds a session (an auth key or an account record). */
export async function holdsSession(storage: Storage): Promise<boolean> {
  return (await storage.account.get()) !== undefined || (await storage.authKeys.list()).length > 0;
}

/** Removes the session of an open storage (auth keys, account, updates state); peers stay (no repository lists them). */
export async function clearSession(storage: Storage): Promise<void> {
  for (const [dcId] of await storage.authKeys.list()) await storage.authKeys.delete(dcId);
  await storage.account.delete();
  await storage.updates.clear();
}
