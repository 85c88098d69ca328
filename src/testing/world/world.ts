/**
 * The simulated Telegram: accounts, chats, channels, invite links and sign-in state, as plain records.
 * Handlers (`handlers/*.ts`) read and change it; the server persists {@link World.snapshot}.
 */
import { DEFAULT_SWITCHES, type InviteSwitches } from './invite-rules.js';
import type {
  ChatRecord,
  ExportedAuthRecord,
  LoginTokenRecord,
  PendingCode,
  UserRecord,
} from './types.js';
import type { SrpChallenge } from './srp.js';
import type { Updates } from '../../tl/index.js';
import { randomToken } from './random.js';
import { Seeder } from './seed.js';
import { BadArgumentError } from '../../errors.js';
import { SNAPSHOT_VERSION, checkChat, checkUser, fromJson, toJson, type JsonValue, type WorldSnapshot } from './snapshot.js';
import { TableSet, type RowChange } from './tables.js';
import { LegacyRowTracker, legacyRows } from './legacy-rows.js';
import { BotCommands } from './bots/commands.js';
import { CallbackQueries } from './bots/callbacks.js';
import { BotPrivacy } from './bots/privacy.js';
import { DEFAULT_MESSAGE_SWITCHES, type MessageSwitches } from './messages/rules.js';
import { MessageStore } from './messages/store.js';
import { UpdateBoxes } from './updates/boxes.js';
import { UpdateFaults } from './updates/faults.js';
import { UpdatePusher } from './updates/push.js';
import { FilesArea, type FilesOptions } from './files/area.js';
import type { MediaViews } from './files/types.js';
import { createMediaViews } from './files/views.js';
import { defineLifecycleTables } from './lifecycle-tables.js';

/** Options of {@link createWorld}. */
export interface WorldOptions {
  /** Clock in seconds (defaults to the wall clock). Handlers use `ctx.now()`; seeding uses this. */
  now?: () => number;
  /** Telegram test-DC behaviour (accepts test subscription periods). Default true. */
  testMode?: boolean;
  /** Overrides of the spec §15 switches. */
  switches?: Partial<InviteSwitches>;
  /** DC that seeded accounts without a test phone number live on. Default 2. */
  defaultDc?: number;
  /** Overrides of the messaging and updates switches (`messages/rules.ts`: limits, retention, timeouts). */
  messages?: Partial<MessageSwitches>;
  /** Storage directory and switches of the files area (`files/file-rules.ts`). */
  files?: FilesOptions;
}

/** What the world needs to know about the cluster it runs in. */
export interface WorldCluster {
  /** Every DC of the cluster (`help.getConfig` dc_options, migration targets). */
  dcs(): Array<{ id: number; host: string; port: number; wsPort?: number }>;
  /** DC of the server installing the handlers (requests carry their own `ctx.dcId`). */
  thisDc: number;
  /**
   * Delivers updates to the sessions of an auth key that is not signed in yet (QR login's `updateLoginToken`).
   * Optional: without it (and without `ctx.pushToAuthKey`) the waiting client must poll `auth.exportLoginToken`.
   */
  pushToAuthKey?: (authKeyId: bigint, updates: Updates) => void;
  /**
   * Delivers updates to every session of an account outside a call (delayed pushes of the fault hooks).
   * Optional: without it such pushes are lost (calls push through `ctx.pushUpdates`).
   */
  pushUpdates?: (userId: number, updates: Updates) => void;
}

/** Sign-in state of one auth key (not persisted: keys are per server run). */
export interface KeyState {
  /** User waiting for `auth.checkPassword` after `SESSION_PASSWORD_NEEDED`. */
  passwordUserId?: number;
  srp?: SrpChallenge;
  /** The key was authorised with `auth.importAuthorization` / a migrated login token: no `USER_MIGRATE`. */
  imported?: boolean;
}

/** The simulated Telegram world. Create with {@link createWorld} or {@link World.fromSnapshot}. */
export class World {
  /** Spec §15 switches in force. */
  readonly switches: InviteSwitches;
  readonly testMode: boolean;
  readonly defaultDc: number;
  readonly users = new Map<number, UserRecord>();
  /** Basic groups, supergroups and channels by id (ids never collide across kinds). */
  readonly chats = new Map<number, ChatRecord>();
  readonly codes = new Map<string, PendingCode>();
  readonly loginTokens = new Map<string, LoginTokenRecord>();
  readonly exportedAuths: ExportedAuthRecord[] = [];
  readonly keys = new Map<bigint, KeyState>();
  /**
   * Per-row persistent tables of the newer areas (messages, update boxes, files…), defined in the
   * constructor so stored rows can load (see `tables.ts`).
   */
  readonly tables = new TableSet();
  /** Authorizations, bans and takeout sessions (`lifecycle-tables.ts`). */
  readonly lifecycle = defineLifecycleTables(this.tables);
  /** Messaging and updates switches in force. */
  readonly messageSwitches: MessageSwitches;
  /** Every message (`messages/store.ts`). */
  readonly messages: MessageStore;
  /** pts / qts / seq counters and event logs of every box (`updates/boxes.ts`). */
  readonly updateBoxes: UpdateBoxes;
  /** Fault hooks of pushed updates (also reachable as `server.faults.updates`). */
  readonly updateFaults = new UpdateFaults();
  /** @internal Sends pushes through {@link updateFaults}. */
  readonly pusher: UpdatePusher;
  /** Bot privacy, started bots, last bot posters (`bots/privacy.ts`). */
  readonly bots: BotPrivacy;
  /** Bot command lists (`bots/commands.ts`). */
  readonly botCommands: BotCommands;
  /** Callback queries waiting for their bots (memory only). */
  readonly callbackQueries: CallbackQueries;
  /** Helpers that populate the world (tests, `tgts serve --seed`). */
  readonly seed: Seeder = new Seeder(this);
  /** Uploads, stored files, photos and documents (`files/`). */
  readonly files: FilesArea;
  /** Media views for the messages area (contracts.md §9). */
  readonly media: MediaViews;
  nextUserId = 1_000_000;
  nextChatId = 100;
  nextChannelId = 1_000_000_000;
  /** The DCs of the cluster serving this world (set by `installWorld`). */
  cluster: WorldCluster | undefined;
  private readonly clock: () => number;
  private readonly listeners = new Set<() => void>();
  private readonly legacy = new LegacyRowTracker();

  constructor(options: WorldOptions = {}) {
    this.clock = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.testMode = options.testMode ?? true;
    this.switches = { ...DEFAULT_SWITCHES, ...options.switches };
    this.defaultDc = options.defaultDc ?? 2;
    this.messageSwitches = { ...DEFAULT_MESSAGE_SWITCHES, ...options.messages };
    this.messages = new MessageStore(this.tables);
    this.updateBoxes = new UpdateBoxes(this.tables, this.messageSwitches);
    this.pusher = new UpdatePusher(this, this.updateFaults);
    this.bots = new BotPrivacy(this.tables, this);
    this.botCommands = new BotCommands(this.tables, this);
    this.callbackQueries = new CallbackQueries(this);
    this.files = new FilesArea(this, options.files);
    this.media = createMediaViews(this.files);
  }

  /** Current time of the world's clock, in seconds. */
  now(): number {
    return this.clock();
  }

  /** Calls `cb` after every change of persistent state; returns an unsubscribe function. */
  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * Handlers call it after they change the legacy state (`users`, `chats`, counters): the rows are
   * compared with what was committed on the next drain. Notifies {@link onChange} listeners.
   */
  changed(): void {
    this.legacy.dirty = true;
    for (const cb of this.listeners) cb();
  }

  /** Auth key ids (decimal) authorised off their account's home DC (persisted). */
  importedKeyIds(): string[] {
    return [...this.keys].filter(([, k]) => k.imported).map(([id]) => id.toString());
  }

  /**
   * Starts tracking changes row by row (a store calls it once the world is loaded): from now on
   * {@link drainChanges} returns what changed since the previous drain.
   */
  trackChanges(): void {
    this.legacy.track(this);
    this.tables.track();
  }

  /** Every row changed since the last drain — legacy rows and `tables` — and clears the marks. */
  drainChanges(): RowChange[] {
    const legacy = this.legacy.drain(this);
    const tables = this.tables.drainChanges();
    return legacy.length === 0 ? tables : tables.length === 0 ? legacy : [...legacy, ...tables];
  }

  /** Forgets the change marks without encoding anything (a world that is not persisted). */
  clearChanges(): void {
    this.legacy.dirty = false;
    this.tables.clearChanges();
  }

  /** Every row of the world (legacy rows and `tables`), encoded: what a fresh store writes. */
  rows(): RowChange[] {
    const out = legacyRows(this);
    for (const [table, entries] of Object.entries(this.tables.dumpAll())) {
      for (const [key, json] of entries) out.push({ table, key, json });
    }
    return out;
  }

  /** Rebuilds a world from stored rows ({@link rows}); a malformed row throws `BadArgumentError` naming it. */
  static fromRows(rows: Iterable<{ table: string; key: string; json: JsonValue }>, options: WorldOptions = {}): World {
    const world = new World(options);
    const tables: Record<string, Array<[string, JsonValue]>> = {};
    for (const { table, key, json } of rows) {
      const path = `rows.${table}.${key}`;
      if (table === 'users') {
        const user = checkUser(fromJson(json, path), path);
        world.users.set(user.id, user);
      } else if (table === 'chats') {
        const chat = checkChat(fromJson(json, path), path);
        world.chats.set(chat.id, chat);
      } else if (table === 'meta' && key === 'counters') {
        const c = json as Record<string, JsonValue> | null;
        for (const f of ['nextUserId', 'nextChatId', 'nextChannelId'] as const) {
          const v = c?.[f];
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new BadArgumentError(`${path}.${f}`, 'not an integer');
          world[f] = v;
        }
      } else if (table === 'meta' && key === 'importedKeys') {
        if (!Array.isArray(json)) throw new BadArgumentError(path, 'not an array');
        json.forEach((id, i) => {
          if (typeof id !== 'string' || !/^-?\d+$/.test(id)) throw new BadArgumentError(`${path}.${i}`, 'not a decimal key id');
          world.key(BigInt(id)).imported = true;
        });
      } else if (table === 'meta') {
        throw new BadArgumentError(path, 'unknown meta row');
      } else {
        (tables[table] ??= []).push([key, json]);
      }
    }
    world.tables.loadAll(tables, 'rows');
    return world;
  }

  /** True when `dcId` is a DC of the attached cluster (always true before `installWorld`). */
  dcExists(dcId: number): boolean {
    return this.cluster === undefined || this.cluster.dcs().some((d) => d.id === dcId);
  }

  /** Sign-in state of an auth key (created on first use). */
  key(authKeyId: bigint): KeyState {
    let state = this.keys.get(authKeyId);
    if (!state) {
      state = {};
      this.keys.set(authKeyId, state);
    }
    return state;
  }

  userByPhone(phone: string): UserRecord | undefined {
    for (const u of this.users.values()) if (u.phone === phone && !u.deleted) return u;
    return undefined;
  }

  /** Account or chat with that username (case-insensitive). */
  byUsername(username: string): UserRecord | ChatRecord | undefined {
    const name = username.toLowerCase();
    for (const u of this.users.values()) if (u.username?.toLowerCase() === name && !u.deleted) return u;
    for (const c of this.chats.values()) if (c.username?.toLowerCase() === name && !c.deleted) return c;
    return undefined;
  }

  /** Finds a link by hash in any chat. */
  findLink(hash: string): { chat: ChatRecord; link: import('./types.js').LinkRecord } | undefined {
    for (const chat of this.chats.values()) {
      const link = chat.links.get(hash);
      if (link) return { chat, link };
    }
    return undefined;
  }

  /** A new unique link hash (16 base64url chars, never all digits — spec §1.1). */
  newHash(): string {
    for (;;) {
      const hash = randomToken(this.switches.hashLength);
      if (/^\d+$/.test(hash) || this.findLink(hash)) continue;
      return hash;
    }
  }

  /** JSON-able copy of the persistent state (see `snapshot.ts` for the encoding). */
  snapshot(): WorldSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      nextUserId: this.nextUserId,
      nextChatId: this.nextChatId,
      nextChannelId: this.nextChannelId,
      users: [...this.users.values()].map(toJson),
      chats: [...this.chats.values()].map(toJson),
      importedKeys: this.importedKeyIds(),
      tables: this.tables.dumpAll(),
    };
  }

  /** Rebuilds a world from {@link snapshot}; a malformed snapshot throws `BadArgumentError` naming the field. */
  static fromSnapshot(snapshot: WorldSnapshot, options: WorldOptions = {}): World {
    if (!snapshot || typeof snapshot !== 'object') throw new BadArgumentError('snapshot', 'not an object');
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new BadArgumentError('snapshot.version', `expected ${SNAPSHOT_VERSION}, got ${String(snapshot.version)}`);
    }
    for (const f of ['nextUserId', 'nextChatId', 'nextChannelId'] as const) {
      if (!Number.isSafeInteger(snapshot[f])) throw new BadArgumentError(`snapshot.${f}`, 'not an integer');
    }
    if (!Array.isArray(snapshot.users)) throw new BadArgumentError('snapshot.users', 'not an array');
    if (!Array.isArray(snapshot.chats)) throw new BadArgumentError('snapshot.chats', 'not an array');
    const world = new World(options);
    world.nextUserId = snapshot.nextUserId;
    world.nextChatId = snapshot.nextChatId;
    world.nextChannelId = snapshot.nextChannelId;
    snapshot.users.forEach((u, i) => {
      const user = checkUser(fromJson(u, `snapshot.users.${i}`), `snapshot.users.${i}`);
      world.users.set(user.id, user);
    });
    snapshot.chats.forEach((c, i) => {
      const chat = checkChat(fromJson(c, `snapshot.chats.${i}`), `snapshot.chats.${i}`);
      world.chats.set(chat.id, chat);
    });
    if (snapshot.tables !== undefined) world.tables.loadAll(snapshot.tables);
    for (const [i, id] of (snapshot.importedKeys ?? []).entries()) {
      if (typeof id !== 'string' || !/^-?\d+$/.test(id)) throw new BadArgumentError(`snapshot.importedKeys.${i}`, 'not a decimal key id');
      world.key(BigInt(id)).imported = true;
    }
    return world;
  }
}

/** Creates an empty world. */
export function createWorld(options: WorldOptions = {}): World {
  return new World(options);
}
