/**
 * A `TestServer` with a data directory in its own process, for the SIGKILL round of the
 * exactly-once suite. argv: dataDir, port (0: any). env TGTS_CHILD_KEY: hex auth key of the admin's
 * client (registered when the data directory is fresh). IPC out: `{ op: 'ready', port, adminId,
 * channel }`; in: `{ op: 'links' }` → `{ op: 'links', titles }` (titles of the channel's links).
 */
import { TestServer } from '../../src/testing/index.js';

const [dataDir, portArg] = process.argv.slice(2) as [string, string];
const server = await TestServer.start({ dataDir, port: Number(portArg), wsPort: false, logger: { debug: () => {}, warn: () => {} } });
const world = server.world!;
let admin = world.byUsername('durable_admin');
if (!admin) {
  admin = world.seed.createUser({ firstName: 'Admin', username: 'durable_admin' });
  world.seed.createChannel({ creator: admin, title: 'Durable', username: 'durable_channel' });
  server.importAuthKey(new Uint8Array(Buffer.from(process.env['TGTS_CHILD_KEY'] ?? '', 'hex')), { userId: admin.id });
}
const channel = world.byUsername('durable_channel') as { id: number; accessHash: bigint; links: Map<string, { title?: string }> };

process.on('message', (msg: { op?: string }) => {
  if (msg.op === 'links') process.send?.({ op: 'links', titles: [...channel.links.values()].map((l) => l.title ?? '') });
});
process.send?.({ op: 'ready', port: server.address.port, adminId: admin.id, channel: { id: channel.id, accessHash: channel.accessHash.toString() } });
