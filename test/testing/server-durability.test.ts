/**
 * Durability with `dataDir`: a call's world rows, key changes and answer are committed (SQLite,
 * WAL) before the answer leaves — checked by reading the file the moment the answer arrives —
 * sessions and their answers survive a restart (a re-sent msg_id gets the stored answer), answers
 * that are file bytes are not written (a re-sent getFile after a restart reads the file again), and a
 * file written by the previous version (one JSON snapshot) is migrated to rows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATA_FILE_NAME, TestServer, createWorld } from '../../src/testing/index.js';
import { UNSTORED_RESULT_IDS, durableAnswer } from '../../src/testing/persistence/durable-state.js';
import { findByName } from '../../src/tl/index.js';
import { RawClient, initWrap, rawClientFor } from './server-raw-client.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tgts-durable-'));
}

/** Reads the data file as another process would (WAL: readers see every committed transaction). */
function peek<T>(dir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dir, DATA_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Signs a raw client up as a new account; returns its user id. */
async function signUp(c: RawClient, phone: string): Promise<number> {
  const sent = (await c.invoke(initWrap({ _: 'auth.sendCode', phoneNumber: phone, apiId: 1, apiHash: 'x', settings: { _: 'codeSettings' } }), 'auth.sendCode')) as {
    phoneCodeHash: string;
  };
  const code = phone[5]!.repeat(5);
  const first = (await c.invoke({ _: 'auth.signIn', phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code })) as { _: string };
  assert.equal(first._, 'auth.authorizationSignUpRequired');
  const auth = (await c.invoke({ _: 'auth.signUp', phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, firstName: 'Durable', lastName: '' })) as {
    user: { id: number };
  };
  return auth.user.id;
}

describe('durability with a data directory', { timeout: 60_000 }, () => {
  it('a call is committed (world rows, the key and its account, the answer) before its answer leaves', async () => {
    const dir = tempDir();
    const server = await TestServer.start({ dataDir: dir, wsPort: false });
    try {
      const c = await rawClientFor(server);
      try {
        const userId = await signUp(c, '9996621001');
        // the moment the answer is here, the file holds the account and the key signed in as it
        const key = peek(dir, (db) => db.prepare('SELECT user_id FROM auth_keys WHERE auth_key_id = ?').get(c.authKeyIdForTest().toString())) as { user_id: number };
        assert.equal(key.user_id, userId);
        const userRow = peek(dir, (db) => db.prepare("SELECT json FROM world_rows WHERE tbl = 'users' AND key = ?").get(String(userId)));
        assert.ok(userRow, 'the account row is committed with the key');
        const counters = peek(dir, (db) => db.prepare("SELECT json FROM world_rows WHERE tbl = 'meta' AND key = 'counters'").get()) as { json: string };
        assert.ok((JSON.parse(counters.json) as { nextUserId: number }).nextUserId > userId, 'the id counter moved with it: ids are never reused');

        const updates = (await c.invoke({ _: 'channels.createChannel', title: 'Durable', about: '', broadcast: true })) as { chats: Array<{ id: number; accessHash: bigint }> };
        const channel = updates.chats[0]!;
        const peer = { _: 'inputPeerChannel', channelId: channel.id, accessHash: channel.accessHash };
        const msgId = c.send({ _: 'messages.exportChatInvite', peer, title: 'kept' });
        const answer = await c.result(msgId);
        const link = /https:\/\/t\.me\/\+[\w-]+/.exec(Buffer.from(answer.rpc!.result).toString('latin1'))![0];
        const chatRow = peek(dir, (db) => db.prepare("SELECT json FROM world_rows WHERE tbl = 'chats' AND key = ?").get(String(channel.id))) as { json: string };
        assert.ok(chatRow.json.includes(link.slice('https://t.me/+'.length)), 'the new link is in the committed chat row');
        const stored = peek(dir, (db) => db.prepare('SELECT body FROM answers WHERE msg_id = ?').get(msgId.toString())) as { body: Buffer };
        assert.deepEqual(new Uint8Array(stored.body).subarray(12), answer.rpc!.result, 'the answer is stored with it');
      } finally {
        c.close();
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after a restart the session goes on and a re-sent msg_id gets the stored answer, not a second run', async () => {
    const dir = tempDir();
    try {
      const s1 = await TestServer.start({ dataDir: dir, wsPort: false });
      const c = await rawClientFor(s1);
      await signUp(c, '9996621002');
      const updates = (await c.invoke({ _: 'channels.createChannel', title: 'Restart', about: '', broadcast: true })) as { chats: Array<{ id: number; accessHash: bigint }> };
      const channel = updates.chats[0]!;
      const peer = { _: 'inputPeerChannel', channelId: channel.id, accessHash: channel.accessHash };
      const msgId = c.send({ _: 'messages.exportChatInvite', peer });
      const first = await c.result(msgId);
      c.close();
      await s1.close();

      const s2 = await TestServer.start({ dataDir: dir, wsPort: false });
      try {
        const linksBefore = s2.world!.chats.get(channel.id)!.links.size;
        const o = s2.clientOptions();
        const again = await RawClient.connect({ host: o.host, port: o.port, dcId: o.dcId, authKey: c.authKey, salt: c.salt });
        try {
          again.sessionId = c.sessionId;
          again.sendBody(RawClient.encode({ _: 'messages.exportChatInvite', peer }), { msgId, seqNo: 99 });
          const re = await again.result(msgId);
          assert.deepEqual(re.rpc!.result, first.rpc!.result, 'the same link');
          assert.equal(s2.world!.chats.get(channel.id)!.links.size, linksBefore, 'no second link');
          assert.ok(!again.received.some((m) => m.obj?._ === 'new_session_created'), 'the session survived the restart');
        } finally {
          again.close();
        }
      } finally {
        await s2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('file bytes are not written to the data file; a re-sent getFile after a restart reads the file again', async () => {
    assert.deepEqual(
      [...UNSTORED_RESULT_IDS].sort(),
      ['upload.file', 'upload.cdnFile', 'upload.webFile'].map((n) => findByName(n, 'api')!.id >>> 0).sort(),
      'the ids are those of the schema',
    );
    const dir = tempDir();
    const bytes = new Uint8Array(300 * 1024).map((_, i) => (i * 7) & 0xff);
    /** First run: a document of `bytes`, one getFile of it; the client is closed, the server too. */
    const firstRun = async () => {
      const s1 = await TestServer.start({ dataDir: dir, wsPort: false });
      try {
        const c = await rawClientFor(s1);
        try {
          await signUp(c, '9996621003');
          const fileId = 77n;
          for (let part = 0; part < 3; part++) {
            const ok = await c.invoke({ _: 'upload.saveFilePart', fileId, filePart: part, bytes: bytes.subarray(part * 128 * 1024, (part + 1) * 128 * 1024) });
            assert.equal(ok, true);
          }
          const file = { _: 'inputFile', id: fileId, parts: 3, name: 'd.bin', md5Checksum: '' };
          const media = (await c.invoke({
            _: 'messages.uploadMedia',
            peer: { _: 'inputPeerSelf' },
            media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] },
          })) as { document: { id: bigint; accessHash: bigint; fileReference: Uint8Array } };
          const d = media.document;
          const location = { _: 'inputDocumentFileLocation', id: d.id, accessHash: d.accessHash, fileReference: d.fileReference, thumbSize: '' };
          const getFile = { _: 'upload.getFile', location, offset: 0n, limit: 512 * 1024 };
          const msgId = c.send(getFile);
          const first = await c.result(msgId);
          assert.equal(first.rpc!.result.length, bytes.length + 16, 'upload.file with the whole file');
          assert.deepEqual(first.rpc!.result.subarray(16), bytes);
          assert.equal(peek(dir, (db) => db.prepare('SELECT 1 FROM answers WHERE msg_id = ?').get(msgId.toString())), undefined, 'no stored copy of the bytes');
          const answers = peek(dir, (db) => db.prepare('SELECT COUNT(*) AS n FROM answers').get()) as { n: number };
          assert.ok(answers.n > 0, 'other answers are stored');
          return { c, getFile, msgId, first };
        } finally {
          c.close();
        }
      } finally {
        await s1.close();
      }
    };
    try {
      const { c, getFile, msgId, first } = await firstRun();
      const s2 = await TestServer.start({ dataDir: dir, wsPort: false });
      try {
        const o = s2.clientOptions();
        const again = await RawClient.connect({ host: o.host, port: o.port, dcId: o.dcId, authKey: c.authKey, salt: c.salt });
        try {
          again.sessionId = c.sessionId;
          // salts are not kept over a restart: a bad_server_salt ignores the message, which then goes again
          again.sendBody(RawClient.encode(getFile), { msgId, seqNo: 99 });
          const salted = await again.waitFor((m) => m.rpc?.reqMsgId === msgId || m.obj?._ === 'bad_server_salt', 3000, 'the answer or a new salt');
          if (salted.obj?._ === 'bad_server_salt') {
            again.salt = salted.obj['newServerSalt'] as bigint;
            again.sendBody(RawClient.encode(getFile), { msgId, seqNo: 99 });
          }
          const re = await again.result(msgId);
          assert.deepEqual(re.rpc!.result, first.rpc!.result, 'the same bytes, read from the file again');
          assert.ok(!again.received.some((m) => m.obj?._ === 'new_session_created'), 'the session survived the restart');
        } finally {
          again.close();
        }
      } finally {
        await s2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('durableAnswer keeps every answer but file bytes', () => {
    const body = (resultId: number): Uint8Array => {
      const b = new Uint8Array(24);
      const v = new DataView(b.buffer);
      v.setUint32(0, 0xf35c6d01, true);
      v.setUint32(12, resultId, true);
      return b;
    };
    assert.equal(durableAnswer(body(0x096a18d5)), undefined);
    const other = body(findByName('upload.fileCdnRedirect', 'api')!.id >>> 0);
    assert.equal(durableAnswer(other), other, 'a redirect carries no file bytes: stored');
    const error = body(0x2144ca19);
    assert.equal(durableAnswer(error), error, 'an rpc_error is stored');
    assert.equal(durableAnswer(undefined), undefined);
  });

  it('a data file of the previous version (one JSON world snapshot) is migrated to rows', async () => {
    const dir = tempDir();
    try {
      const old = createWorld();
      const user = old.seed.createUser({ firstName: 'Migrated', username: 'migrated_user' });
      const db = new Database(join(dir, DATA_FILE_NAME));
      db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE rsa_keys (dc_id INTEGER PRIMARY KEY, private_pem TEXT NOT NULL);
        CREATE TABLE auth_keys (dc_id INTEGER NOT NULL, auth_key_id TEXT NOT NULL, auth_key BLOB NOT NULL, user_id INTEGER, expires_at INTEGER, bound_perm_id TEXT, PRIMARY KEY (dc_id, auth_key_id));
        CREATE TABLE world (id INTEGER PRIMARY KEY CHECK (id = 1), snapshot TEXT NOT NULL);`);
      db.prepare('INSERT INTO meta VALUES (?, ?), (?, ?)').run('format', 'tgts-testserver', 'version', '1');
      db.prepare('INSERT INTO world VALUES (1, ?)').run(JSON.stringify(old.snapshot()));
      db.close();

      const server = await TestServer.start({ dataDir: dir, wsPort: false });
      try {
        assert.equal(server.world!.byUsername('migrated_user')?.id, user.id);
        assert.equal(server.world!.nextUserId, old.nextUserId, 'counters migrated: ids are not reused');
      } finally {
        await server.close();
      }
      peek(dir, (file) => {
        assert.equal((file.prepare("SELECT value FROM meta WHERE key = 'version'").get() as { value: string }).value, '2');
        assert.equal(file.prepare("SELECT name FROM sqlite_master WHERE name = 'world'").get(), undefined, 'the snapshot table is gone');
        assert.ok(file.prepare("SELECT 1 FROM world_rows WHERE tbl = 'users' AND key = ?").get(String(user.id)));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
