/**
 * The persistent state of authorizations, bans and takeout sessions (one world table each), and the
 * rules of how Telegram ends an authorization (https://core.telegram.org/api/errors#401-unauthorized):
 * a key whose authorization was terminated gets `SESSION_REVOKED` once, then `AUTH_KEY_UNREGISTERED`;
 * a deleted account `USER_DEACTIVATED`, a banned one `USER_DEACTIVATED_BAN`.
 *
 * @module
 */
import type { TableSet, WorldTable } from './tables.js';

/** One signed-in auth key (what `account.getAuthorizations` lists). */
export interface AuthorizationRecord {
  userId: number;
  /** Identifier of the authorization (`authorization.hash`). */
  hash: bigint;
  /** DC of the key. */
  dcId: number;
  /** Unix seconds. */
  createdAt: number;
  /** The key this authorization was exported from (`auth.importAuthorization`), when it was. */
  parent?: string;
}

/** A terminated authorization, until its key hears about it. */
export interface RevocationRecord {
  date: number;
}

/** A banned account. */
export interface BanRecord {
  date: number;
}

/** A running takeout session. */
export interface TakeoutRecord {
  userId: number;
  createdAt: number;
}

/** The tables, plus the switches of these rules. */
export interface LifecycleTables {
  /** By auth key id (decimal). */
  authorizations: WorldTable<AuthorizationRecord>;
  /** By auth key id (decimal). */
  revoked: WorldTable<RevocationRecord>;
  /** By user id. */
  bans: WorldTable<BanRecord>;
  /** By takeout id (decimal). */
  takeouts: WorldTable<TakeoutRecord>;
  /** By user id: unix seconds from which `account.initTakeoutSession` is allowed. */
  takeoutAllowedAt: WorldTable<number>;
  /**
   * An authorization younger than this (seconds) may not terminate others
   * (`FRESH_RESET_AUTHORISATION_FORBIDDEN`); Telegram uses 24 hours. Tests may lower it.
   */
  freshResetSeconds: number;
  /**
   * Seconds Telegram makes an account wait before its first takeout (`TAKEOUT_INIT_DELAY_X`);
   * 0 (default) lets it start at once.
   */
  takeoutDelaySeconds: number;
}

/** Defines the tables (in the `World` constructor, before stored rows load). */
export function defineLifecycleTables(tables: TableSet): LifecycleTables {
  return {
    authorizations: tables.define<AuthorizationRecord>('authorizations'),
    revoked: tables.define<RevocationRecord>('revokedKeys'),
    bans: tables.define<BanRecord>('accountBans'),
    takeouts: tables.define<TakeoutRecord>('takeouts'),
    takeoutAllowedAt: tables.define<number>('takeoutAllowedAt'),
    freshResetSeconds: 86_400,
    takeoutDelaySeconds: 0,
  };
}
