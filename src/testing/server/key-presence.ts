/**
 * `AUTH_KEY_DUPLICATED` as Telegram produces it: "the authorization key was used under two
 * different IP addresses simultaneously, and can no longer be used" (406). The server remembers
 * from which addresses each auth key is connected right now; once one key has live connections from
 * two addresses, every call made with it is refused from then on.
 *
 * @module
 */

/** The host part of `host:port` / `[v6]:port`. */
export function hostOf(remote: string): string {
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(remote);
  if (v6) return v6[1]!;
  const i = remote.lastIndexOf(':');
  return i > 0 ? remote.slice(0, i) : remote;
}

export class KeyPresence {
  /** Auth key id → live connection → the address it comes from. */
  private readonly byKey = new Map<bigint, Map<object, string>>();
  /** Live connection → the key ids it used. */
  private readonly byConnection = new Map<object, Set<bigint>>();
  private readonly dead = new Set<bigint>();

  /** `connection`, from `host`, uses `keyId`. Returns true when that makes the key duplicated. */
  see(keyId: bigint, connection: object, host: string): boolean {
    let live = this.byKey.get(keyId);
    if (!live) this.byKey.set(keyId, (live = new Map()));
    live.set(connection, host);
    let keys = this.byConnection.get(connection);
    if (!keys) this.byConnection.set(connection, (keys = new Set()));
    keys.add(keyId);
    if (this.dead.has(keyId)) return false;
    for (const other of live.values()) {
      if (other !== host) {
        this.dead.add(keyId);
        return true;
      }
    }
    return false;
  }

  /** `connection` closed. */
  leave(connection: object): void {
    for (const keyId of this.byConnection.get(connection) ?? []) {
      const live = this.byKey.get(keyId);
      live?.delete(connection);
      if (live?.size === 0) this.byKey.delete(keyId);
    }
    this.byConnection.delete(connection);
  }

  /** True once the key was used from two addresses at once. */
  isDuplicated(keyId: bigint): boolean {
    return this.dead.size > 0 && this.dead.has(keyId);
  }
}
