/**
 * Fault hooks of the CDN DCs of a cluster (`cluster.cdn.faults`): corrupted chunks, eviction,
 * expired tokens. Off until called; `reset()` turns them off.
 * @module
 */

/** Faults a test can inject into the CDN. */
export class CdnFaults {
  /** @internal Chunks still to corrupt. */
  corruptRemaining = 0;
  /** @internal Bumped by {@link expireTokens}: tokens issued before are invalid. */
  tokenEpoch = 0;
  /** @internal Set by {@link evict}; the registry clears it after dropping every file. */
  evictPending = false;

  /** The next `count` `upload.getCdnFile` answers carry one flipped byte (their hash check fails). */
  corruptChunks(count = 1): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    this.corruptRemaining = count;
  }

  /** Every file leaves every CDN DC: the next `getCdnFile` answers `cdnFileReuploadNeeded`. */
  evict(): void {
    this.evictPending = true;
  }

  /** Every `file_token` issued so far becomes invalid (`FILE_TOKEN_INVALID`). */
  expireTokens(): void {
    this.tokenEpoch++;
  }

  /** Turns every fault off (expired tokens stay expired). */
  reset(): void {
    this.corruptRemaining = 0;
    this.evictPending = false;
  }

  /** @internal Flips a byte of `bytes` when a corruption is pending; returns whether it did. */
  maybeCorrupt(bytes: Uint8Array): Uint8Array {
    if (this.corruptRemaining <= 0 || bytes.length === 0) return bytes;
    this.corruptRemaining--;
    const out = new Uint8Array(bytes);
    out[out.length >> 1]! ^= 0x5a;
    return out;
  }
}
