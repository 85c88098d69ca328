// Peer photos of users, groups and channels through inputPeerPhotoFileLocation over TCP (spec/files.md
// §4.4, §5.3 peer checks), seeded documents on another DC, and the world.media views.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TcpWorldHarness } from '../../../src/testing/world/tcp-harness.js';
import { WorldHarness } from '../../../src/testing/world/harness.js';
import { seedDocument, seedPeerPhoto, type UserRecord } from '../../../src/testing/index.js';
import type { InputPeer } from '../../../src/tl/index.js';
import { pngOf, rejectsWith } from './helpers.js';

describe('files: peer photos and seeded media', () => {
  let h: TcpWorldHarness;
  let alice: UserRecord;
  let bob: UserRecord;

  const getPhoto = (as: UserRecord, peer: InputPeer, photoId: bigint, big = false) =>
    h.call('upload.getFile', { location: { _: 'inputPeerPhotoFileLocation', peer, photoId, ...(big ? { big: true } : {}) }, offset: 0n, limit: 4096 }, { as });

  before(async () => {
    h = await TcpWorldHarness.start({ dcId: 2 });
    alice = h.world.seed.createUser({ firstName: 'Alice', dc: 2 });
    bob = h.world.seed.createUser({ firstName: 'Bob', dc: 2 });
  });
  after(() => h.close());

  it('group, public and private channel photos: members and public readers only', async () => {
    const group = h.world.seed.createChat({ creator: alice, title: 'G', members: [bob] });
    const open = h.world.seed.createChannel({ creator: alice, title: 'Open', username: 'openchan' });
    const closed = h.world.seed.createChannel({ creator: alice, title: 'Closed' });
    const png = pngOf(300, 200, 9000);
    const g = seedPeerPhoto(h.world, group, png);
    const o = seedPeerPhoto(h.world, open, png);
    const c = seedPeerPhoto(h.world, closed, png);

    const r = (await getPhoto(bob, { _: 'inputPeerChat', chatId: group.id }, g.id)) as { bytes: Uint8Array; type: { _: string } };
    assert.deepEqual(r.bytes, png.subarray(0, 4096));
    assert.equal(r.type._, 'storage.filePng');
    assert.equal((await getPhoto(bob, { _: 'inputPeerChannel', channelId: open.id, accessHash: open.accessHash }, o.id, true))._, 'upload.file');
    await rejectsWith(getPhoto(bob, { _: 'inputPeerChannel', channelId: closed.id, accessHash: closed.accessHash }, c.id), 'CHANNEL_PRIVATE');
    await rejectsWith(getPhoto(bob, { _: 'inputPeerChannel', channelId: closed.id, accessHash: 1n }, c.id), 'CHANNEL_INVALID');
    await rejectsWith(getPhoto(bob, { _: 'inputPeerChat', chatId: 999_999 }, g.id), 'PEER_ID_INVALID');
    await rejectsWith(getPhoto(bob, { _: 'inputPeerChat', chatId: group.id }, o.id), 'FILE_ID_INVALID');
    assert.equal((await getPhoto(alice, { _: 'inputPeerChannel', channelId: closed.id, accessHash: closed.accessHash }, c.id))._, 'upload.file');

    const view = h.world.media.peerPhoto(closed.id, 'chat');
    assert.equal(view._, 'chatPhoto');
    assert.equal((view as { photoId: bigint }).photoId, c.id);
    assert.equal(h.world.media.peerPhoto(bob.id, 'user')._, 'userProfilePhotoEmpty');
  });

  it('a seeded document on another DC answers FILE_MIGRATE; world.media views and holders', async () => {
    // in memory: a TCP client would follow the migration itself
    const mem = new WorldHarness({ dcId: 2, dcs: [1, 2] });
    const carol = mem.world.seed.createUser({ firstName: 'Carol', dc: 2 });
    const ref = seedDocument(mem.world, new Uint8Array(10_000).fill(3), { dcId: 1, mimeType: 'text/plain' });
    const media = mem.world.media.view(ref, carol.id, { peerId: carol.id, msgId: 7 });
    assert.equal(media._, 'messageMediaDocument');
    const doc = (media as { document: { id: bigint; accessHash: bigint; fileReference: Uint8Array; dcId: number } }).document;
    assert.equal(doc.dcId, 1);
    assert.equal(doc.fileReference[0], 0x02, 'a reference issued for a message starts with 0x02');
    await rejectsWith(
      mem.call('upload.getFile', { location: { _: 'inputDocumentFileLocation', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: '' }, offset: 0n, limit: 4096 }, { as: carol }),
      'FILE_MIGRATE_1',
    );
    // two holders: the media goes with the second release, its bytes with it
    const used = mem.world.files.usedBytes;
    mem.world.media.retain(ref);
    mem.world.media.retain(ref);
    mem.world.media.release(ref);
    assert.ok(mem.world.media.exists(ref));
    mem.world.media.release(ref);
    assert.equal(mem.world.media.exists(ref), false);
    assert.equal(mem.world.files.usedBytes, used - 10_000);
    assert.deepEqual(mem.world.media.view(ref, carol.id), { _: 'messageMediaDocument' });

    // media of an edit, from an upload on the owner's home DC
    await mem.call('upload.saveFilePart', { fileId: 3n, filePart: 0, bytes: new Uint8Array(100).fill(1) }, { as: carol });
    const edited = mem.world.media.resolveInput({ _: 'inputMediaUploadedDocument', file: { _: 'inputFile', id: 3n, parts: 1, name: 'e.txt', md5Checksum: '' }, mimeType: 'text/plain', attributes: [] }, carol.id);
    assert.equal(edited.kind, 'document');
    assert.equal(mem.world.files.documents.get(edited.id.toString())?.dcId, 2);
  });
});
