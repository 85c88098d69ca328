/**
 * The cost of the proxy layer: RPC throughput (N = 10 concurrent callers of `help.getNearestDc` on
 * one client) directly and through each proxy kind — SOCKS5 (microsocks, danted), HTTP CONNECT
 * (tinyproxy), MTProxy with plain, `dd` and FakeTLS `ee` secrets (the `MtproxyFront` of
 * `tgts/testing`), WebSocket direct and through SOCKS5, and the HTTP transport — in the same run,
 * against one `TestServer`. mtcute runs the same cells through its own proxy transports where it
 * has them; both libraries alternate in short rounds (median round reported). The proxies are the
 * Debian binaries the tests use, on loopback.
 * Run alone: `node --import tsx bench/proxy.ts` (`BENCH_PROXY_SECONDS` per library per cell, default 3; direct rounds come on top).
 * @module
 */
import { HttpProxyTcpTransport, MtProxyTcpTransport, SocksProxyTcpTransport } from '@mtcute/node';
import type { BaseTelegramClientOptions } from '@mtcute/node';
import { missingProxyBinaries, startDante, startMicrosocks, startTinyproxy } from '../test/helpers/real-proxies.js';
import type { RealProxy } from '../test/helpers/real-proxies.js';
import { MtproxyFront, TestServer } from './lib/built.js';
import type { ClientOptions } from './lib/built.js';
import { createMtcuteClient } from './lib/mtcute.js';
import { runIfMain } from './lib/standalone.js';
import { clientWithKey, newAuthKey } from './lib/tgts-client.js';
import type { BenchRow } from './lib/types.js';

const CALLERS = 10;
const ROUNDS = 3;
const NEAREST = { _: 'nearestDc', country: 'ZZ', thisDc: 2, nearestDc: 2 } as const;

/** Calls per second of `callers` loops calling `call` for `ms`. */
async function drive(call: () => Promise<unknown>, callers: number, ms: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

interface Cell {
  name: string;
  tgts: Partial<ClientOptions>;
  /** mtcute's transport for the same route; undefined: direct TCP; null: mtcute has no such route. */
  mtcute: BaseTelegramClientOptions['transport'] | null | undefined;
}

interface Opened {
  ours: () => Promise<unknown>;
  theirs: (() => Promise<unknown>) | undefined;
  problem: string | undefined;
  close(): Promise<void>;
}

export async function run(): Promise<BenchRow[]> {
  const missing = missingProxyBinaries();
  if (missing.length > 0) throw new Error(`bench proxy needs ${missing.join(', ')} (apt-get install dante-server microsocks tinyproxy)`);
  const seconds = Number(process.env.BENCH_PROXY_SECONDS ?? 3);
  const ms = (seconds * 1000) / ROUNDS;
  const server = await TestServer.start({ httpPort: 0 });
  server.handle('help.getNearestDc', () => NEAREST);
  const opts = server.clientOptions();
  const proxies: RealProxy[] = [];
  let front: Awaited<ReturnType<typeof MtproxyFront.start>> | undefined;
  const rows: BenchRow[] = [];
  try {
    const micro = await startMicrosocks();
    proxies.push(micro);
    const dante = await startDante();
    proxies.push(dante);
    const tiny = await startTinyproxy();
    proxies.push(tiny);
    front = await MtproxyFront.start({ secret: '0123456789abcdef0123456789abcdef', dcs: opts.dcs });
    const f = front;
    /** A connected tgts client (and mtcute client, where it has the route) for one cell. */
    const open = async (cell: Cell): Promise<Opened> => {
      const key = newAuthKey();
      server.importAuthKey(key);
      const client = clientWithKey(opts, key, cell.tgts);
      await client.connect();
      let mt: Awaited<ReturnType<typeof createMtcuteClient>> | undefined;
      let problem: string | undefined = cell.mtcute === null ? 'no such transport' : undefined;
      if (cell.mtcute !== null) {
        const mtKey = newAuthKey();
        server.importAuthKey(mtKey);
        try {
          mt = await createMtcuteClient({ dcId: opts.dcId, host: opts.host, port: opts.port, authKey: mtKey }, cell.mtcute);
          await mt.call({ _: 'help.getNearestDc' });
        } catch (err) {
          problem = `not comparable: ${(err as Error).message}`;
          await mt?.destroy();
          mt = undefined;
        }
      }
      const m = mt;
      return {
        ours: () => client.api.help.getNearestDc({}),
        theirs: m ? () => m.call({ _: 'help.getNearestDc' }) : undefined,
        problem,
        close: async () => {
          await client.close();
          await m?.destroy();
        },
      };
    };
    const mtSecret = (kind: 'plain' | 'padded' | 'faketls') => new MtProxyTcpTransport({ host: f.address.host, port: f.address.port, secret: f.secret(kind) });
    const cells: Cell[] = [
      { name: 'direct TCP', tgts: {}, mtcute: undefined },
      { name: 'SOCKS5 (microsocks)', tgts: { proxy: micro.url }, mtcute: new SocksProxyTcpTransport({ host: micro.host, port: micro.port }) },
      { name: 'SOCKS5 (danted)', tgts: { proxy: dante.url }, mtcute: new SocksProxyTcpTransport({ host: dante.host, port: dante.port }) },
      { name: 'HTTP CONNECT (tinyproxy)', tgts: { proxy: tiny.url }, mtcute: new HttpProxyTcpTransport({ host: tiny.host, port: tiny.port }) },
      { name: 'MTProxy, plain secret', tgts: { proxy: f.link('plain') }, mtcute: mtSecret('plain') },
      { name: 'MTProxy, dd secret', tgts: { proxy: f.link('padded') }, mtcute: mtSecret('padded') },
      { name: 'MTProxy, ee secret (FakeTLS)', tgts: { proxy: f.link('faketls') }, mtcute: mtSecret('faketls') },
      { name: 'WebSocket direct', tgts: { transport: { type: 'websocket' } }, mtcute: null },
      { name: 'WebSocket via SOCKS5 (microsocks)', tgts: { transport: { type: 'websocket' }, proxy: micro.url }, mtcute: null },
      { name: 'HTTP transport (POST /api, long poll)', tgts: { transport: { type: 'http' } }, mtcute: null },
    ];
    // Direct clients stay open: every round measures direct next to the cell, so the cost ratio
    // compares figures taken under the same machine load.
    const base = await open(cells[0]!);
    await drive(base.ours, CALLERS, 500);
    if (base.theirs) await drive(base.theirs, CALLERS, 500);
    try {
      for (const cell of cells) {
        const c = cell === cells[0] ? base : await open(cell);
        try {
          await drive(c.ours, CALLERS, 200);
          if (c.theirs) await drive(c.theirs, CALLERS, 200);
          const ours: number[] = [];
          const theirs: number[] = [];
          const ourShare: number[] = [];
          const theirShare: number[] = [];
          for (let r = 0; r < ROUNDS; r++) {
            const d = await drive(base.ours, CALLERS, ms);
            ours.push(cell === cells[0] ? d : await drive(c.ours, CALLERS, ms));
            ourShare.push(ours.at(-1)! / d);
            if (c.theirs && base.theirs) {
              const dm = await drive(base.theirs, CALLERS, ms);
              theirs.push(cell === cells[0] ? dm : await drive(c.theirs, CALLERS, ms));
              theirShare.push(theirs.at(-1)! / dm);
            }
          }
          const pct = (x: number) => `${Math.round(100 * x)} %`;
          const note =
            cell === cells[0]
              ? undefined
              : `tgts at ${pct(median(ourShare))} of direct${theirShare.length > 0 ? `, mtcute at ${pct(median(theirShare))} of its direct` : ''}`;
          rows.push({
            name: `${cell.name}: N=${CALLERS} throughput`,
            value: median(ours),
            unit: 'calls/s',
            mtcute: theirs.length > 0 ? median(theirs) : (c.problem ?? 'not measured'),
            ...(note ? { note } : {}),
          });
        } finally {
          if (c !== base) await c.close();
        }
      }
    } finally {
      await base.close();
    }
    if (rows[0]) {
      rows[0].note = `help.getNearestDc, one client per cell, ${seconds} s per library per cell in ${ROUNDS} rounds, each next to a direct round (median), proxies on loopback, tgts from dist/`;
    }
  } finally {
    await front?.close();
    await Promise.all(proxies.map((p) => p.stop()));
    await server.close();
  }
  return rows;
}

await runIfMain(import.meta.url, run);
