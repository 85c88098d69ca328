/**
 * The world behind a real `TestServer` on 127.0.0.1, called through one tgts `Client` per acting
 * user: every call crosses the whole stack (TL encoding, MTProto 2.0 encryption, TCP framing) and
 * errors come back as `RpcError`s decoded off the wire. Same surface as {@link WorldHarness}, so
 * spec tests can run over either.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '../../client/client.js';
import { MemorySession } from '../../storage/session/memory.js';
import type { MethodName, Methods, Updates } from '../../tl/index.js';
import { decode, encode } from '../../tl/index.js';
import { BadArgumentError } from '../../errors.js';
import type { HandlerRegistry, MethodHandler, RequestContext } from '../context.js';
import { TestServer } from '../server/test-server.js';
import type { CallOptions, PushedUpdates, WorldCaller } from './harness.js';
import { installWorld } from './install.js';
import type { UserRecord } from './types.js';
import { createWorld, type World, type WorldOptions } from './world.js';

/** Options of {@link TcpWorldHarness.start}. */
export interface TcpWorldHarnessOptions extends WorldOptions {
  /** DC id of the server (default 2). */
  dcId?: number;
  /** Per-call timeout of the clients, ms (default 10 000): a stuck call fails the test instead of hanging it. */
  requestTimeout?: number;
  /** Record every push in {@link TcpWorldHarness.pushed} (default true; off for bulk tests: each record costs a TL round trip). */
  recordPushes?: boolean;
}

type Request<M extends MethodName> = Omit<Methods[M]['request'], '_'>;

/** One delivery a user's client received over TCP. */
export interface ReceivedUpdates {
  userId: number;
  /** Which client of the account (see `CallOptions.session`). */
  session: number;
  updates: Updates;
}

/** A world served over TCP, with a signed-in client per user (created on first use). */
export class TcpWorldHarness implements WorldCaller {
  /** World clock in seconds, independent from the MTProto clock; tests move it to expire links. */
  time = 1_700_000_000;
  /** Every update push of the world, in order (recorded when the server delivers it). */
  readonly pushed: PushedUpdates[] = [];
  /** Every update a harness client decoded off the wire, in arrival order. */
  readonly received: ReceivedUpdates[] = [];
  readonly world: World;
  readonly dcId: number;
  private server!: TestServer;
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly requestTimeout: number;
  private readonly recordPushes: boolean;
  private closed = false;

  private constructor(options: TcpWorldHarnessOptions) {
    this.dcId = options.dcId ?? 2;
    this.requestTimeout = options.requestTimeout ?? 10_000;
    this.recordPushes = options.recordPushes ?? true;
    const { dcId: _dc, requestTimeout: _rt, recordPushes: _rp, ...worldOptions } = options;
    this.world = createWorld({ defaultDc: this.dcId, ...worldOptions, now: () => this.time });
  }

  /** Starts the server (listening on 127.0.0.1) with the world installed. */
  static async start(options: TcpWorldHarnessOptions = {}): Promise<TcpWorldHarness> {
    const h = new TcpWorldHarness(options);
    // The world is installed here, not by the server: its handlers read time from `ctx.now()`,
    // which on the server is the MTProto clock; the spec tests need the world's clock instead.
    h.server = await TestServer.start({ world: h.world, installWorld: false, dcId: h.dcId, wsPort: false });
    const server = h.server;
    const deliver = server.deliverUpdates.bind(server);
    server.deliverUpdates = (userId, updates, exclude) => {
      if (h.recordPushes) h.record({ userId, updates: wireCopy(updates), excludeCaller: exclude !== undefined });
      deliver(userId, updates, exclude);
    };
    const registry: HandlerRegistry = {
      handle: <M extends MethodName>(method: M, handler: MethodHandler<M>) =>
        server.handle(method, (request, ctx) => handler(request, withClock(ctx, () => h.time))),
    };
    installWorld(registry, h.world, {
      dcs: () => [server.ownAddress()],
      thisDc: h.dcId,
      pushToAuthKey: (authKeyId, updates) => {
        h.record({ authKeyId, updates: wireCopy(updates), excludeCaller: false });
        server.deliverToAuthKey(authKeyId, updates);
      },
      pushUpdates: (userId, updates) => server.deliverUpdates(userId, updates),
    });
    server.faults.updates = h.world.updateFaults;
    return h;
  }

  /** The running server (for tests that need its address, faults or stats). */
  get testServer(): TestServer {
    return this.server;
  }

  /**
   * Sends `method` over TCP from the client of `opts.as`; resolves with the decoded result or
   * rejects with the decoded `RpcError`. Only `as` is supported (a client is one signed-in user).
   */
  async call<M extends MethodName>(method: M, request: Request<M>, opts: CallOptions = {}): Promise<Methods[M]['result']> {
    if (opts.as === undefined) throw new BadArgumentError('as', 'the TCP harness calls as a signed-in user');
    if (opts.authKeyId !== undefined || opts.dc !== undefined) {
      throw new BadArgumentError('opts', 'authKeyId and dc are only supported by the in-memory WorldHarness');
    }
    const client = await this.clientOf(opts.as, opts.session ?? 0);
    const req = { _: method, ...request } as unknown as Methods[M]['request'];
    return (await client.invoke(req)) as Methods[M]['result'];
  }

  /** Pushes recorded for `userId` so far. */
  pushedTo(userId: number): Updates[] {
    return this.pushed.filter((p) => p.userId === userId).map((p) => p.updates);
  }

  /** Updates the clients of `userId` (or only its client `session`) received over TCP so far (call {@link settle} first). */
  receivedBy(userId: number, session?: number): Updates[] {
    return this.received.filter((r) => r.userId === userId && (session === undefined || r.session === session)).map((r) => r.updates);
  }

  /**
   * Waits until every client has received what the server pushed to it so far: one round trip per
   * client, whose answer the server sends after every earlier push on the same connection.
   */
  async settle(): Promise<void> {
    await Promise.all(
      [...this.clients.values()].map(async (c) => {
        const client = await c;
        await client.invoke({ _: 'updates.getState' });
      }),
    );
  }

  /**
   * The signed-in client of `user` (connecting it with a pre-made auth key on first use). Each `session`
   * number is another client of the same account, with its own auth key and MTProto session.
   */
  clientOf(user: UserRecord | number, session = 0): Promise<Client> {
    if (this.closed) return Promise.reject(new BadArgumentError('harness', 'is closed'));
    const id = typeof user === 'number' ? user : user.id;
    let client = this.clients.get(`${id}:${session}`);
    if (!client) {
      client = this.connect(id, session);
      this.clients.set(`${id}:${session}`, client);
    }
    return client;
  }

  /** Closes every client, then the server. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const clients = await Promise.allSettled(this.clients.values());
    await Promise.all(clients.map((c) => (c.status === 'fulfilled' ? c.value.close() : undefined)));
    await this.server.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async connect(userId: number, sessionIndex: number): Promise<Client> {
    const user = this.world.users.get(userId);
    if (!user) throw new BadArgumentError('as', `no user ${userId} in the world`);
    // A random key registered on both sides skips the 2048-bit key exchange per user.
    const authKey = new Uint8Array(randomBytes(256));
    this.server.importAuthKey(authKey, { userId });
    const o = this.server.clientOptions();
    const session = new MemorySession({
      version: 1,
      dcId: o.dcId,
      dcs: { [o.dcId]: { host: o.host, port: o.port, authKey } },
      user: { id: userId, bot: user.bot === true },
    });
    const client = new Client({
      apiId: 1,
      apiHash: 'tgts-harness',
      dc: o.dc,
      dcs: o.dcs,
      publicKeys: o.publicKeys,
      testServers: o.testServers,
      session,
      requestTimeout: this.requestTimeout,
    });
    client.onUpdate((updates) => {
      this.received.push({ userId, session: sessionIndex, updates });
    });
    try {
      await client.connect();
    } catch (err) {
      await client.close();
      throw err;
    }
    return client;
  }

  private record(p: PushedUpdates): void {
    if (this.recordPushes) this.pushed.push(p);
  }
}

/** `ctx` with `now()` replaced (the other members, getters included, still read the live call). */
function withClock(ctx: RequestContext, now: () => number): RequestContext {
  return Object.create(ctx, { now: { value: now } }) as RequestContext;
}

/** What a client would decode: the pushed object through the layer-228 codec (throws on an invalid one). */
function wireCopy(updates: Updates): Updates {
  return decode(encode(updates)) as Updates;
}
