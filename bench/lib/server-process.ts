/**
 * A `TestServer` in its own process, driven over IPC (`child_process.fork`), so a benchmark can
 * measure client memory without the server's share. Messages in: `{ op: 'import', keys: base64[] }`,
 * `{ op: 'memory' }`, `{ op: 'close' }`. Messages out: `{ op: 'ready', options }` first, then one
 * reply per request (`{ op: 'imported' }`, `{ op: 'memory', heapUsed, rss, stats }`).
 * @module
 */
import { TestServer } from './built.js';

function send(msg: unknown): void {
  process.send?.(msg);
}

const server = await TestServer.start({ wsPort: false });
server.handle('help.getNearestDc', () => ({ _: 'nearestDc' as const, country: 'ZZ', thisDc: server.dcId, nearestDc: server.dcId }));
const o = server.clientOptions();
send({ op: 'ready', options: { dc: o.dc, dcs: o.dcs, publicKeys: o.publicKeys, testServers: o.testServers, dcId: o.dcId, host: o.host, port: o.port } });

process.on('message', (raw) => {
  const msg = raw as { op?: string; keys?: string[] };
  if (msg.op === 'import') {
    for (const k of msg.keys ?? []) server.importAuthKey(new Uint8Array(Buffer.from(k, 'base64')));
    send({ op: 'imported' });
  } else if (msg.op === 'memory') {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    const m = process.memoryUsage();
    send({ op: 'memory', heapUsed: m.heapUsed, rss: m.rss, stats: server.stats });
  } else if (msg.op === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
