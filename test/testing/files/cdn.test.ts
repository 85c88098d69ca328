// The CDN DC of a cluster over TCP (spec/files.md §6): getConfig/getCdnConfig, redirects, a fresh auth
// key under the CDN's own RSA key, reupload, AES-256-CTR with the IV per offset, hashes, and the fault hooks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { parsePublicKey } from '../../../src/crypto/index.js';
import { RpcError } from '../../../src/errors.js';
import { cdnChunkIv, TestCluster, type UserRecord } from '../../../src/testing/index.js';
import type { InputFileLocation } from '../../../src/tl/index.js';
import { RawClient, initWrap } from '../server-raw-client.js';
import { invokerOf, rawOn, rejectsWith, seededBytes, sha256, upload } from './helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;

interface Redirect {
  _: 'upload.fileCdnRedirect';
  dcId: number;
  fileToken: Uint8Array;
  encryptionKey: Uint8Array;
  encryptionIv: Uint8Array;
  fileHashes: Array<{ offset: bigint; limit: number; hash: Uint8Array }>;
}

function decrypt(r: Redirect, offset: number, bytes: Uint8Array): Uint8Array {
  const d = createDecipheriv('aes-256-ctr', r.encryptionKey, cdnChunkIv(r.encryptionIv, offset));
  return new Uint8Array(Buffer.concat([d.update(bytes), d.final()]));
}

describe('files: the CDN DC', () => {
  let cluster: TestCluster;
  let alice: UserRecord;
  let master: RawClient;
  let cdn: RawClient;
  let bytes: Uint8Array;
  let location: InputFileLocation;
  let redirect: Redirect;

  const getCdnFile = (fileToken: Uint8Array, offset: number, limit = MiB) =>
    cdn.invoke({ _: 'upload.getCdnFile', fileToken, offset: BigInt(offset), limit }) as Promise<{ _: string; bytes?: Uint8Array; requestToken?: Uint8Array }>;

  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2], cdn: true });
    alice = cluster.world!.seed.createUser({ firstName: 'Alice', dc: 2 });
    master = await rawOn(cluster.dc(2), alice);
    bytes = seededBytes(3 * MiB + 5000, 21);
    const call = invokerOf(master);
    const file = await upload(call, bytes, { big: true });
    const media = (await call({ _: 'messages.uploadMedia', peer: { _: 'inputPeerSelf' }, media: { _: 'inputMediaUploadedDocument', file, mimeType: 'video/mp4', attributes: [] } })) as {
      document: { id: bigint; accessHash: bigint; fileReference: Uint8Array };
    };
    const d = media.document;
    location = { _: 'inputDocumentFileLocation', id: d.id, accessHash: d.accessHash, fileReference: d.fileReference, thumbSize: '' };
    cluster.world!.files.setCdn({ kind: 'document', id: d.id });
  });
  after(async () => {
    master.close();
    cdn?.close();
    await cluster.close();
  });

  it('help.getConfig lists the CDN DC; help.getCdnConfig publishes its own RSA key', async () => {
    const config = (await master.invoke({ _: 'help.getConfig' })) as { dcOptions: Array<{ id: number; cdn?: boolean; port: number }> };
    const entry = config.dcOptions.find((o) => o.cdn);
    assert.equal(entry?.id, 203);
    assert.equal(entry?.port, cluster.cdn!.clientOptions().port);
    const cdnConfig = (await master.invoke({ _: 'help.getCdnConfig' })) as { publicKeys: Array<{ dcId: number; publicKey: string }> };
    assert.equal(cdnConfig.publicKeys.length, 1);
    assert.equal(cdnConfig.publicKeys[0]!.dcId, 203);
    assert.equal(cdnConfig.publicKeys[0]!.publicKey, cluster.cdn!.publicKeyPem);
    assert.notEqual(cdnConfig.publicKeys[0]!.publicKey, cluster.dc(2).publicKeys[0]!.pem, 'not the masters key');
  });

  it('the master redirects only when cdn_supported is set', async () => {
    const plain = (await master.invoke({ _: 'upload.getFile', location, offset: 0n, limit: MiB })) as { _: string };
    assert.equal(plain._, 'upload.file');
    redirect = (await master.invoke({ _: 'upload.getFile', cdnSupported: true, location, offset: BigInt(MiB), limit: MiB })) as Redirect;
    assert.equal(redirect._, 'upload.fileCdnRedirect');
    assert.equal(redirect.dcId, 203);
    assert.equal(redirect.encryptionKey.length, 32);
    assert.equal(redirect.encryptionIv.length, 16);
    assert.equal(redirect.fileHashes[0]!.offset, BigInt(MiB), 'hashes start at the window of the requested offset');
    assert.equal(Buffer.from(redirect.fileHashes[0]!.hash).toString('hex'), sha256(bytes.subarray(MiB, MiB + 128 * KiB)));
  });

  it('a client makes a fresh auth key with the CDN key only; the CDN answers getCdnFile alone', async () => {
    const o = cluster.cdn!.clientOptions();
    await assert.rejects(RawClient.connect({ host: o.host, port: o.port, dcId: 203, publicKeys: cluster.dc(2).clientOptions().rsaPublicKeys }), 'the masters key is refused');
    cdn = await RawClient.connect({ host: o.host, port: o.port, dcId: 203, publicKeys: [parsePublicKey(cluster.cdn!.publicKeyPem)] });
    const first = (await cdn.invoke(initWrap({ _: 'upload.getCdnFile', fileToken: redirect.fileToken, offset: 0n, limit: MiB }), 'upload.getCdnFile')) as { _: string };
    assert.equal(first._, 'upload.cdnFileReuploadNeeded', 'a new file is not on the CDN yet');
    await rejectsWith(cdn.invoke({ _: 'help.getConfig' }), 'CDN_METHOD_INVALID');
    await rejectsWith(cdn.invoke({ _: 'upload.getFile', location, offset: 0n, limit: MiB }), 'CDN_METHOD_INVALID');
    await rejectsWith(cdn.invoke({ _: 'upload.reuploadCdnFile', fileToken: redirect.fileToken, requestToken: new Uint8Array(16) }), 'CDN_METHOD_INVALID');
    await rejectsWith(cdn.invoke({ _: 'upload.getCdnFileHashes', fileToken: redirect.fileToken, offset: 0n }), 'CDN_METHOD_INVALID');
    await assert.rejects(
      master.invoke({ _: 'upload.getCdnFile', fileToken: redirect.fileToken, offset: 0n, limit: MiB }),
      (e: unknown) => e instanceof RpcError && e.code === 500 && e.message === 'UNKNOWN_METHOD',
    );
  });

  it('reupload on the master, then every chunk decrypts with the IV of its offset and matches the hashes', async () => {
    const need = await getCdnFile(redirect.fileToken, 0);
    assert.equal(need._, 'upload.cdnFileReuploadNeeded');
    await rejectsWith(master.invoke({ _: 'upload.reuploadCdnFile', fileToken: redirect.fileToken, requestToken: new Uint8Array(16) }), 'REQUEST_TOKEN_INVALID');
    await rejectsWith(master.invoke({ _: 'upload.reuploadCdnFile', fileToken: new Uint8Array(32), requestToken: need.requestToken! }), 'FILE_TOKEN_INVALID');
    const hashes = (await master.invoke({ _: 'upload.reuploadCdnFile', fileToken: redirect.fileToken, requestToken: need.requestToken! })) as Redirect['fileHashes'];
    assert.equal(hashes.length, 8);

    const got = new Uint8Array(bytes.length);
    for (let offset = 0; offset < bytes.length; offset += 256 * KiB) {
      const chunk = await getCdnFile(redirect.fileToken, offset, 256 * KiB);
      assert.equal(chunk._, 'upload.cdnFile');
      assert.notDeepEqual(chunk.bytes!.subarray(0, 64), bytes.subarray(offset, offset + 64), 'the CDN sends ciphertext');
      got.set(decrypt(redirect, offset, chunk.bytes!), offset);
    }
    assert.equal(sha256(got), sha256(bytes));
    const all = (await master.invoke({ _: 'upload.getCdnFileHashes', fileToken: redirect.fileToken, offset: BigInt(3 * MiB) })) as Redirect['fileHashes'];
    assert.equal(all.length, 1);
    assert.equal(all[0]!.limit, 5000, 'the last window is shorter');
    assert.equal(Buffer.from(all[0]!.hash).toString('hex'), sha256(bytes.subarray(3 * MiB)));
    // the redirect's IV tail is random: "adding" the counter to it would not decrypt
    const wrongIv = new Uint8Array(redirect.encryptionIv);
    new DataView(wrongIv.buffer).setUint32(12, (new DataView(wrongIv.buffer).getUint32(12) + MiB / 16) >>> 0);
    const chunk = await getCdnFile(redirect.fileToken, MiB, 4096);
    const d = createDecipheriv('aes-256-ctr', redirect.encryptionKey, wrongIv);
    assert.notDeepEqual(new Uint8Array(d.update(chunk.bytes!)), bytes.subarray(MiB, MiB + 4096));
  });

  it('range rules of getCdnFile; empty bytes past the end; unknown tokens', async () => {
    await rejectsWith(getCdnFile(redirect.fileToken, 0, 1000), 'LIMIT_INVALID');
    await rejectsWith(getCdnFile(redirect.fileToken, 1024, 4096), 'OFFSET_INVALID');
    await rejectsWith(getCdnFile(redirect.fileToken, MiB - 4096, 8192), 'LIMIT_INVALID');
    const past = await getCdnFile(redirect.fileToken, 4 * MiB, MiB);
    assert.deepEqual(past, { _: 'upload.cdnFile', bytes: new Uint8Array(0) });
    await rejectsWith(getCdnFile(new Uint8Array(32), 0), 'FILE_TOKEN_INVALID');
  });

  it('fault hooks: a corrupted chunk fails its hash once; eviction asks for a reupload; expired tokens', async () => {
    const faults = cluster.cdn!.faults;
    const window = 128 * KiB;
    const expected = redirect.fileHashes[0]!;
    faults.corruptChunks(1);
    const bad = await getCdnFile(redirect.fileToken, MiB, window);
    assert.notEqual(sha256(decrypt(redirect, MiB, bad.bytes!)), Buffer.from(expected.hash).toString('hex'));
    const good = await getCdnFile(redirect.fileToken, MiB, window);
    assert.equal(sha256(decrypt(redirect, MiB, good.bytes!)), Buffer.from(expected.hash).toString('hex'));

    faults.evict();
    const need = await getCdnFile(redirect.fileToken, 0);
    assert.equal(need._, 'upload.cdnFileReuploadNeeded');

    faults.expireTokens();
    await rejectsWith(getCdnFile(redirect.fileToken, 0), 'FILE_TOKEN_INVALID');
    await rejectsWith(master.invoke({ _: 'upload.getCdnFileHashes', fileToken: redirect.fileToken, offset: 0n }), 'FILE_TOKEN_INVALID');
    const fresh = (await master.invoke({ _: 'upload.getFile', cdnSupported: true, location, offset: 0n, limit: MiB })) as Redirect;
    assert.notDeepEqual(fresh.fileToken, redirect.fileToken, 'a new redirect brings a new token');
  });

  it('bots are never redirected', async () => {
    const bot = cluster.world!.seed.createUser({ firstName: 'Bot', bot: true, dc: 2 });
    const c = await rawOn(cluster.dc(2), bot);
    try {
      const r = (await c.invoke({ _: 'upload.getFile', cdnSupported: true, location, offset: 0n, limit: MiB })) as { _: string };
      assert.equal(r._, 'upload.file');
    } finally {
      c.close();
    }
  });

  it('with dataDir the CDN DC keeps its RSA key across a restart', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'tgts-cdn-'));
    try {
      const first = await TestCluster.start({ dcs: [2], dataDir: dir, cdn: { dcId: 205 } });
      const pem = first.cdn!.publicKeyPem;
      assert.equal(first.cdn!.dcId, 205);
      await first.close();
      const second = await TestCluster.start({ dcs: [2], dataDir: dir, cdn: { dcId: 205 } });
      try {
        assert.equal(second.cdn!.publicKeyPem, pem);
        assert.notEqual(pem, second.dc(2).publicKeys[0]!.pem);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
