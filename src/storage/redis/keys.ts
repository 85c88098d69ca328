/**
 * Key names of one account. Every key of an account shares the hash tag `{account}`, so they sit
 * in one Redis Cluster slot and one script may touch them all.
 *
 * @module
 */

export interface AccountKeys {
  lease: string;
  generation: string;
  authKeys: string;
  account: string;
  peers: string;
  names: string;
  phones: string;
  /** Per peer: the names and phone it was indexed under (`a,b|phone`), for unindexing. */
  owned: string;
  common: string;
  channels: string;
}

export function accountKeys(prefix: string, account: string): AccountKeys {
  const base = `${prefix}{${account}}:`;
  return {
    lease: `${base}lease`,
    generation: `${base}generation`,
    authKeys: `${base}auth-keys`,
    account: `${base}account`,
    peers: `${base}peers`,
    names: `${base}usernames`,
    phones: `${base}phones`,
    owned: `${base}peer-index`,
    common: `${base}updates`,
    channels: `${base}channel-pts`,
  };
}
