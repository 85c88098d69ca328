/** `tgts serve`: a local Telegram test server (one DC or a cluster) until SIGINT/SIGTERM. */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BadArgumentError } from '../../client/errors.js';
import { randomBytes } from '../../crypto/index.js';
import { MtproxyFront, TestCluster, TestServer } from '../../testing/index.js';
import { TransportError, parseMtproxySecret } from '../../transport/index.js';
import type { MtproxySecret } from '../../transport/index.js';
import type { TestDcAddress } from '../../testing/index.js';
import type { World, WorldSeedJson } from '../../testing/world/index.js';
import { flag, intOption, noMorePositionals, parseCommandLine, str } from '../args.js';
import type { CliCommand } from '../command.js';
import { EXIT_OK } from '../command.js';
import { DEFAULT_KEY_FILE } from '../connect.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { UsageError } from '../usage-error.js';

const USAGE = 'usage: tgts serve [--port N] [--dcs 1,2,3] [--data DIR] [--seed world.json] [--key-out FILE] [--mtproxy SECRET]';

const HELP = `${USAGE}

Runs a simulated Telegram on this machine (127.0.0.1) until Ctrl+C or SIGTERM, then shuts down
cleanly (with --data, the world and the auth keys are saved and reused next time).

It prints the address of each DC, the fingerprint of its RSA key, where the public key was
written (clients need it for their first connection), the bot tokens and the test phone
numbers of the world. A fresh world without --seed gets a small demo: users @alice and
@bob_demo, the bot @demo_bot, and the channel @demo_channel created by alice, with bob as a
member and the bot as an admin.

Options:
  --port N         TCP port of the DC (default: a free port); with --dcs the first DC's,
                   the others on the next ports (N+1, N+2, ...)
  --ws-port N      WebSocket port (path /apiws; default: a free port); with --dcs as --port
  --host ADDR      interface to listen on (default 127.0.0.1)
  --dc N           id of the single DC (default 2)
  --dcs LIST       run several DCs sharing one world, e.g. 1,2,3 (free ports unless --port)
  --data DIR       keep the world, auth keys and RSA key in DIR/tgts-testserver.db
  --seed FILE      populate a fresh world from a JSON seed file (users, chats, admins)
  --key-out FILE   where to write the public key PEM (default ./${DEFAULT_KEY_FILE})
  --http-port N    also serve the HTTP transport (POST /api) on this port (one DC only)
  --mtproxy SECRET run an MTProxy in front of the DCs with this secret (32 hex digits, or
                   a dd/ee secret; 'random' makes one) and print its tg://proxy links
  --mtproxy-port N port of the MTProxy (default: a free port)
  --no-demo        start with an empty world instead of the demo one
  -h, --help       show this help

Seed file format:
  {
    "users": { "ann": { "firstName": "Ann", "phone": "9996621111", "password": "secret" },
               "bot": { "firstName": "Helper", "bot": true, "username": "helper_bot" } },
    "chats": { "club": { "type": "supergroup", "title": "Club", "creator": "ann",
                         "username": "club", "members": ["bot"], "admins": { "bot": "all" } } }
  }

Test phone numbers look like 99966XYYYY (X = the DC); sign in with 'tgts login --phone'.

Examples:
  tgts serve
  tgts serve --port 8443 --data ./tgts-data
  tgts serve --dcs 1,2,3 --seed world.json
  tgts serve --mtproxy random
`;

const DEMO_SEED: WorldSeedJson = {
  users: {
    alice: { firstName: 'Alice', username: 'alice' },
    bob: { firstName: 'Bob', username: 'bob_demo' },
    demo_bot: { firstName: 'Demo bot', username: 'demo_bot', bot: true },
  },
  chats: {
    demo_channel: {
      type: 'channel',
      title: 'Demo channel',
      creator: 'alice',
      username: 'demo_channel',
      members: ['bob', 'demo_bot'],
      admins: { demo_bot: 'all' },
    },
  },
};

function parseDcList(text: string): number[] {
  const ids = text.split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const id of ids) {
    const n = /^\d+$/.test(id) ? Number(id) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > 1000) throw new UsageError(`--dcs: expected DC ids like 1,2,3, got '${text}'`);
    if (out.includes(n)) throw new UsageError(`--dcs: DC ${n} is listed twice`);
    out.push(n);
  }
  return out;
}

async function loadSeed(path: string): Promise<WorldSeedJson> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--seed: cannot read '${path}': ${(err as Error).message}`);
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('expected an object with "users" and "chats"');
    return json as WorldSeedJson;
  } catch (err) {
    throw new UsageError(`--seed: '${path}' is not a valid seed: ${(err as Error).message}`);
  }
}

function seedWorld(world: World, seed: WorldSeedJson, source: string): void {
  try {
    world.seed.fromJson(seed);
  } catch (err) {
    if (err instanceof BadArgumentError) throw new UsageError(`--seed ${source}: ${err.message}`);
    throw err;
  }
}

function parseSecretOption(text: string | undefined): MtproxySecret | undefined {
  if (text === undefined) return undefined;
  if (text === 'random') return { kind: 'plain', key: randomBytes(16) };
  try {
    return parseMtproxySecret(text);
  } catch (err) {
    if (err instanceof TransportError) throw new UsageError(`--mtproxy: ${err.message.replace(/^proxy secret: /, '')}`);
    throw err;
  }
}

/** Waits for `signal` (SIGINT/SIGTERM from the entry, or a test's AbortController). */
function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise<void>(() => undefined); // only a kill ends it
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }));
}

function printWorld(io: CliIo, world: World | undefined, login: string): void {
  if (!world) return;
  const users = [...world.users.values()].filter((u) => !u.deleted);
  const bots = users.filter((u) => u.bot && u.botToken);
  const people = users.filter((u) => !u.bot && u.phone);
  if (bots.length > 0) {
    println(io.stdout, 'bot tokens:');
    for (const b of bots) println(io.stdout, `  ${b.botToken}  ${b.username ? `@${b.username}` : b.firstName} (id ${b.id})`);
  }
  if (people.length > 0) {
    println(io.stdout, 'test phone numbers (login code: the DC digit five times, e.g. 22222 on DC 2):');
    for (const u of people) {
      const name = `${u.firstName}${u.username ? ` @${u.username}` : ''}`;
      println(io.stdout, `  ${u.phone}  ${name} (id ${u.id}, DC ${u.homeDc}${u.password ? ', has a 2FA password' : ''})`);
    }
  }
  const chats = [...world.chats.values()].filter((c) => c.username);
  if (chats.length > 0) println(io.stdout, `public chats: ${chats.map((c) => `@${c.username}`).join(', ')}`);
  if (bots[0]) println(io.stdout, `\nsign in:  ${login} --bot-token ${bots[0].botToken}`);
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run a local test server',
  usage: USAGE,
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandLine(args, {
      port: { type: 'string' },
      'ws-port': { type: 'string' },
      host: { type: 'string' },
      dc: { type: 'string' },
      dcs: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
      'key-out': { type: 'string' },
      'no-demo': { type: 'boolean' },
      'http-port': { type: 'string' },
      mtproxy: { type: 'string' },
      'mtproxy-port': { type: 'string' },
    });
    if (help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    noMorePositionals(positionals, 0);
    const port = intOption(values, 'port', { min: 0, max: 65535 });
    const wsPort = intOption(values, 'ws-port', { min: 0, max: 65535 });
    const dcId = intOption(values, 'dc', { min: 1, max: 1000 });
    const httpPort = intOption(values, 'http-port', { min: 0, max: 65535 });
    const mtproxySecret = parseSecretOption(str(values, 'mtproxy'));
    const mtproxyPort = intOption(values, 'mtproxy-port', { min: 0, max: 65535 });
    if (mtproxyPort !== undefined && !mtproxySecret) throw new UsageError('--mtproxy-port needs --mtproxy SECRET');
    const dcsText = str(values, 'dcs');
    const dcs = dcsText === undefined ? undefined : parseDcList(dcsText);
    const span = dcs ? dcs.length - 1 : 0;
    for (const [flagName, base] of [['--port', port], ['--ws-port', wsPort]] as const) {
      if (base && base + span > 65535) throw new UsageError(`${flagName} ${base}: ${dcs!.length} DCs need ports up to ${base + span}, above 65535`);
    }
    if (dcs && dcId !== undefined) throw new UsageError('use either --dc (one DC) or --dcs (several)');
    if (dcs && dcs.length > 1 && httpPort !== undefined) throw new UsageError('--http-port serves one DC; it cannot be combined with --dcs');
    const host = str(values, 'host');
    const dataDir = str(values, 'data');
    const seedPath = str(values, 'seed');
    const keyOut = resolve(str(values, 'key-out') ?? DEFAULT_KEY_FILE);
    const seed = seedPath !== undefined ? await loadSeed(seedPath) : undefined;

    let close: () => Promise<void>;
    let world: World | undefined;
    let addresses: TestDcAddress[];
    let key: { pem: string; fingerprint: bigint };
    if (dcs && dcs.length > 1) {
      const cluster = await TestCluster.start({
        dcs,
        ...(dataDir ? { dataDir } : {}),
        ...(host ? { host } : {}),
        // Port 0 means "any free port" for every DC, not 0, 1, 2...
        ...(port ? { basePort: port } : {}),
        ...(wsPort ? { baseWsPort: wsPort } : {}),
      });
      close = () => cluster.close();
      world = cluster.world;
      addresses = cluster.dcs;
      key = cluster.servers[0]!.publicKeys[0]!;
    } else {
      const server = await TestServer.start({
        dcId: dcs?.[0] ?? dcId ?? 2,
        ...(port !== undefined ? { port } : {}),
        ...(wsPort !== undefined ? { wsPort } : {}),
        ...(httpPort !== undefined ? { httpPort } : {}),
        ...(host ? { host } : {}),
        ...(dataDir ? { dataDir } : {}),
      });
      close = () => server.close();
      world = server.world;
      addresses = server.clientOptions().dcs;
      key = server.publicKeys[0]!;
    }
    let front: MtproxyFront | undefined;
    try {
      if (mtproxySecret) {
        front = await MtproxyFront.start({
          secret: mtproxySecret,
          dcs: addresses,
          ...(host ? { host } : {}),
          ...(mtproxyPort !== undefined ? { port: mtproxyPort } : {}),
        });
      }
      if (world && world.users.size === 0) {
        if (seed) seedWorld(world, seed, seedPath!);
        else if (!flag(values, 'no-demo')) seedWorld(world, DEMO_SEED, 'demo');
      } else if (seed) {
        println(io.stderr, `note: the world in ${dataDir} already has accounts; --seed ignored`);
      }
      await writeFile(keyOut, `${key.pem.trim()}\n`, { mode: 0o644 });

      for (const a of addresses) {
        const ws = a.wsPort !== undefined ? `, websocket ${a.host}:${a.wsPort}/apiws` : '';
        const http = a.httpPort !== undefined ? `, http ${a.host}:${a.httpPort}/api` : '';
        println(io.stdout, `DC ${a.id}: ${a.host}:${a.port}${ws || http ? ` (${`${ws}${http}`.slice(2)})` : ''}`);
      }
      if (front) {
        println(io.stdout, `MTProxy on ${front.address.host}:${front.address.port}:`);
        println(io.stdout, `  ${front.link('plain')}`);
        println(io.stdout, `  ${front.link('padded')}`);
        println(io.stdout, `  ${front.link('faketls')}`);
      }
      println(io.stdout, `RSA key fingerprint: ${BigInt.asUintN(64, key.fingerprint).toString(16).padStart(16, '0')}`);
      println(io.stdout, `public key written to ${keyOut}`);
      if (dataDir) println(io.stdout, `data kept in ${resolve(dataDir)}`);
      const first = addresses[0]!;
      printWorld(io, world, `tgts login --server ${first.host}:${first.port} --key ${keyOut}`);
      println(io.stdout, '\nready; press Ctrl+C to stop');
      await untilAborted(io.signal);
    } finally {
      await front?.close();
      await close();
    }
    println(io.stdout, 'stopped');
    return EXIT_OK;
  },
};
