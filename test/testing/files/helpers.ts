/**
 * Helpers of the files-area tests: signed-in clients on a cluster DC (pre-made auth keys, no key
 * exchange), part uploads, downloads, and image headers the server can parse.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client } from '../../../src/client/client.js';
import { MemorySession } from '../../../src/storage/session/memory.js';
import type { InputFile, InputFileLocation } from '../../../src/tl/index.js';
import type { TestCluster, TestServer, UserRecord } from '../../../src/testing/index.js';
import { seededBytes } from '../../helpers/seeded-bytes.js';
import { RawClient } from '../server-raw-client.js';

export { seededBytes };

/** A tgts Client signed in as `user` on `server` (its key imported, no migration of the primary DC). */
export async function clientOn(server: TestServer, user: UserRecord, dcs?: TestCluster): Promise<Client> {
  const authKey = new Uint8Array(randomBytes(256));
  server.importAuthKey(authKey, { userId: user.id });
  const o = server.clientOptions();
  const session = new MemorySession({
    version: 1,
    dcId: o.dcId,
    dcs: { [o.dcId]: { host: o.host, port: o.port, authKey } },
    user: { id: user.id, bot: user.bot === true },
  });
  const client = new Client({
    apiId: 1,
    apiHash: 'files-test',
    dc: o.dc,
    dcs: dcs ? dcs.dcs : o.dcs,
    publicKeys: o.publicKeys,
    testServers: o.testServers,
    session,
    requestTimeout: 15_000,
  });
  await client.connect();
  return client;
}

/** A raw client signed in as `user` on `server` (errors come back as they are: no migration, no retries). */
export async function rawOn(server: TestServer, user: UserRecord): Promise<RawClient> {
  const authKey = new Uint8Array(randomBytes(256));
  server.importAuthKey(authKey, { userId: user.id });
  const o = server.clientOptions();
  return RawClient.connect({ host: o.host, port: o.port, dcId: o.dcId, testMode: o.testServers, authKey });
}

/** The fields of a `document` the tests use. */
export interface Doc {
  id: bigint;
  accessHash: bigint;
  fileReference: Uint8Array;
  size: bigint;
  dcId: number;
  date: number;
  thumbs?: Array<{ type: string }>;
}

/** `inputDocumentFileLocation` of a document (or of its thumb `thumbSize`). */
export function docLocation(d: Pick<Doc, 'id' | 'accessHash' | 'fileReference'>, thumbSize = ''): InputFileLocation {
  return { _: 'inputDocumentFileLocation', id: d.id, accessHash: d.accessHash, fileReference: d.fileReference, thumbSize };
}

/** Something that sends one request and returns its result (Client.invoke or RawClient.invoke). */
export type Invoke = (request: { _: string; [k: string]: unknown }) => Promise<unknown>;

export function invokerOf(c: Client | RawClient): Invoke {
  return c instanceof Client ? (r) => c.invoke(r as never) : (r) => c.invoke(r, r._, 10_000);
}

let nextFileId = 1000n;

/** Uploads `bytes` in parts of `partSize` (big mode over 10 MiB unless forced) with up to `parallel` parts in flight. */
export async function upload(
  invoke: Invoke,
  bytes: Uint8Array,
  o: { partSize?: number; big?: boolean; name?: string; md5?: boolean; parallel?: number; fileId?: bigint } = {},
): Promise<InputFile> {
  const partSize = o.partSize ?? 512 * 1024;
  const big = o.big ?? bytes.length > 10 * 1024 * 1024;
  const parts = Math.max(1, Math.ceil(bytes.length / partSize));
  const fileId = o.fileId ?? nextFileId++;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < parts; i = next++) {
      const chunk = bytes.subarray(i * partSize, (i + 1) * partSize);
      const req = big
        ? { _: 'upload.saveBigFilePart', fileId, filePart: i, fileTotalParts: parts, bytes: chunk }
        : { _: 'upload.saveFilePart', fileId, filePart: i, bytes: chunk };
      const ok = await invoke(req);
      if (ok !== true) throw new Error(`part ${i} answered ${String(ok)}`);
    }
  };
  await Promise.all(Array.from({ length: o.parallel ?? 4 }, worker));
  const name = o.name ?? 'file.bin';
  if (big) return { _: 'inputFileBig', id: fileId, parts, name };
  const md5 = o.md5 ? createHash('md5').update(bytes).digest('hex') : '';
  return { _: 'inputFile', id: fileId, parts, name, md5Checksum: md5 };
}

/** Downloads a whole file of `size` bytes with fixed `limit` chunks. */
export async function download(invoke: Invoke, location: InputFileLocation, size: number, limit = 1024 * 1024): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  const chunks: Promise<void>[] = [];
  for (let offset = 0; offset < size; offset += limit) {
    chunks.push(
      (async () => {
        const r = (await invoke({ _: 'upload.getFile', location, offset: BigInt(offset), limit })) as { _: string; bytes: Uint8Array };
        if (r._ !== 'upload.file') throw new Error(`got ${r._}`);
        out.set(r.bytes, offset);
      })(),
    );
  }
  await Promise.all(chunks);
  return out;
}


/** A PNG header of w×h followed by `bodyBytes` seeded bytes (the server only reads the header). */
export function pngOf(w: number, h: number, bodyBytes = 2048, seed = 7): Uint8Array {
  const head = new Uint8Array(33);
  head.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const v = new DataView(head.buffer);
  v.setUint32(16, w);
  v.setUint32(20, h);
  head.set([8, 6, 0, 0, 0], 24);
  const out = new Uint8Array(head.length + bodyBytes);
  out.set(head);
  out.set(seededBytes(bodyBytes, seed), head.length);
  return out;
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Asserts `p` rejects with an RpcError whose message is `message`. */
export async function rejectsWith(p: Promise<unknown>, message: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    const m = (err as { message?: string }).message;
    if (m === message) return;
    throw new Error(`expected ${message}, got ${m}`, { cause: err });
  }
  throw new Error(`expected ${message}, but the call succeeded`);
}
