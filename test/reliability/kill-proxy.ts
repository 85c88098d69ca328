/**
 * A loopback TCP proxy for fault rounds: forwards bytes both ways between clients and a target, and
 * on command kills every connection at once or black-holes the target's answers for a while (the
 * bytes are dropped, as a dead network path drops them).
 */
import { connect as netConnect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export class KillProxy {
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private blackHoleUntil = 0;
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<KillProxy> {
    let proxy: KillProxy | undefined;
    const server = createServer((client) => proxy?.pipe(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new KillProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  private pipe(client: Socket, target: { host: string; port: number }): void {
    this.accepted++;
    const upstream = netConnect(target.port, target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (Date.now() >= this.blackHoleUntil) client.write(d);
    });
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  }

  /** Drops everything the target sends for `ms`. */
  blackHole(ms: number): void {
    this.blackHoleUntil = Date.now() + ms;
  }

  /** Kills every open connection (both sides, no FIN: as a reset path). */
  killAll(): void {
    for (const { client, upstream } of [...this.pairs]) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.pairs.clear();
  }

  get open(): number {
    return this.pairs.size;
  }

  close(): Promise<void> {
    this.killAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
