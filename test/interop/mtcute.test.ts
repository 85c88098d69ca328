/**
 * mtcute (@mtcute/node 0.30.3, its own stack: transports, key exchange, MTProto session) against
 * our `TestServer`, with only the server's public RSA key registered in it (`addPublicKey`): the
 * full key exchange and the invite scenario over every transport mtcute has — intermediate,
 * padded intermediate, obfuscated — and once with PFS (temporary keys bound with
 * auth.bindTempAuthKey) and once with its clock 20 s ahead (it adopts the server's time in the
 * middle of the key exchange, so its plaintext msg_ids go down).
 *
 * Layers: mtcute speaks 227, we 228. Of the constructors the scenario meets, `user` and `channel`
 * differ (228 adds `linked_community_id`, flags2 bits 21 and 20); their 228 ids are decoded here
 * by mtcute's own 227 readers plus that one optional field (see docs/interop.md).
 */
import { after, before, describe, it } from 'node:test';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestServer } from '../../src/testing/index.js';
import { phonesFor, runInviteScenario, within } from './scenario.js';
import type { PeerClient, Tl } from './scenario.js';

type Reader = { uint(): number; int(): number; long(): unknown; pos: number; uint8View?: Uint8Array; data?: DataView };
type ReaderMap = Record<number, (r: Reader) => Tl>;

const USER_227 = 0x31774388;
const USER_228 = 0xb1b8cc83;
const CHANNEL_227 = 0x1c32b11c;
const CHANNEL_228 = 0xd49f34c6;

let server: TestServer;
let readerMap: ReaderMap;
let keyIndex: Record<string, { fingerprint: string; old: boolean }>;
let scenario = 0;

/** mtcute's 227 reader of `old`, plus the optional `linked_community_id:flags2.<bit>?long` layer 228 appended. */
function layer228(map: ReaderMap, old: number, flags2Bit: number): (r: Reader) => Tl {
  const read227 = map[old]!;
  return (r) => {
    const start = r.pos;
    r.uint(); // flags
    const flags2 = r.uint();
    r.pos = start;
    const obj = read227(r);
    if (flags2 & (1 << flags2Bit)) obj['linkedCommunityId'] = r.long();
    return obj;
  };
}

before(async () => {
  server = await TestServer.start({ wsPort: false, logger: { debug: () => {}, warn: () => {} } });
  const internal = (file: string): string => pathToFileURL(resolve(import.meta.dirname, '../../node_modules/@mtcute/core', file)).href;
  const { __tlReaderMap } = (await import(internal('tl/binary/reader.js'))) as { __tlReaderMap: ReaderMap };
  ({ __publicKeyIndex: keyIndex } = (await import(internal('tl/binary/rsa-keys.js'))) as { __publicKeyIndex: typeof keyIndex });
  readerMap = { ...__tlReaderMap, [USER_228]: layer228(__tlReaderMap, USER_227, 21), [CHANNEL_228]: layer228(__tlReaderMap, CHANNEL_227, 20) };
});
// mtcute 0.30 leaves salt-rotation timers behind after destroy() (the PFS salt manager is never
// destroyed, and setFutureSalts overwrites a pending timer): track the timers made during the file
// and clear what is left once everything is closed, so the process can exit.
const madeTimers = new Set<ReturnType<typeof setTimeout>>();
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
  const t = realSetTimeout(...args);
  madeTimers.add(t);
  return t;
}) as typeof setTimeout;
after(async () => {
  await server.close();
  globalThis.setTimeout = realSetTimeout;
  for (const t of madeTimers) clearTimeout(t);
});

type Codec = 'intermediate' | 'padded' | 'obfuscated';

async function connectMtcute(codec: Codec, extra: { pfs?: boolean; oldKey?: boolean } = {}): Promise<PeerClient> {
  const core = await import('@mtcute/core');
  const { addPublicKey } = await import('@mtcute/core/utils.js');
  const node = await import('@mtcute/node');
  const tcp = new node.TcpTransport();
  const transport = {
    connect: (dc: Parameters<typeof tcp.connect>[0]) => tcp.connect(dc),
    packetCodec: () =>
      codec === 'intermediate'
        ? new core.IntermediatePacketCodec()
        : codec === 'padded'
          ? new core.PaddedIntermediatePacketCodec()
          : new core.ObfuscatedPacketCodec(new core.IntermediatePacketCodec()),
  };
  const dc = { id: server.dcId, ipAddress: '127.0.0.1', port: server.address.port };
  const client = new node.BaseTelegramClient({
    apiId: 1,
    apiHash: 'interop',
    storage: new core.MemoryStorage(),
    defaultDcs: { main: dc, media: dc },
    transport,
    readerMap: readerMap as never,
    disableUpdates: true,
    logLevel: 0,
    ...(extra.pfs ? { network: { usePfs: true } } : {}),
  });
  // only our server's key: no pre-shared auth key, the client runs the whole exchange
  addPublicKey(client.crypto, server.publicKeys[0]!.pem, extra.oldKey === true);
  // mtcute indexes keys by 16 hex digits but looks resPQ's fingerprints up without leading zeros
  // (1 key in 16 has one): register that spelling too
  for (const k of Object.values(keyIndex)) keyIndex[k.fingerprint.replace(/^0+/, '')] = k;
  await client.connect();
  return {
    call: (method, params) => client.call({ _: method, ...params } as never) as Promise<Tl>,
    input: (name, fields) => ({ _: name, ...fields }),
    typeOf: (obj) => (obj as { _: string })._,
    errorType: (err) => (err instanceof core.tl.RpcError ? err.text : undefined),
    close: () => client.destroy(),
  };
}

describe('mtcute against the test server (own key exchange, every transport)', { timeout: 240_000 }, () => {
  for (const codec of ['intermediate', 'padded', 'obfuscated'] as const) {
    it(`${codec}: key exchange, two users, channel, invite rules`, () =>
      runInviteScenario(() => connectMtcute(codec), phonesFor(scenario++), () => server.now()));
  }

  it('PFS (temporary keys bound to the permanent one): the same scenario', () =>
    runInviteScenario(() => connectMtcute('intermediate', { pfs: true }), phonesFor(scenario++), () => server.now()));

  it('the older p_q_inner_data encoding (key registered as "old": SHA1(data) + data + padding): key exchange and a call', async () => {
    const c = await connectMtcute('intermediate', { oldKey: true });
    try {
      const sent = await within('auth.sendCode', c.call('auth.sendCode', { phoneNumber: phonesFor(scenario++)[0], apiId: 1, apiHash: 'interop', settings: c.input('codeSettings', {}) }));
      if (c.typeOf(sent) !== 'auth.sentCode') throw new Error(`got ${c.typeOf(sent)}`);
    } finally {
      await c.close(); // the next connect registers the key as RSA_PAD again
    }
  });

  it("clock 20 s ahead (mtcute adopts the server's time mid-exchange): the same scenario", async () => {
    const real = performance.timeOrigin;
    // mtcute's clock is performance.timeOrigin + performance.now(); the server's is Date.now()
    Object.defineProperty(performance, 'timeOrigin', { value: real + 20_000, configurable: true });
    try {
      await runInviteScenario(() => connectMtcute('obfuscated'), phonesFor(scenario++), () => server.now());
    } finally {
      delete (performance as unknown as Record<string, unknown>)['timeOrigin'];
    }
  });
});
