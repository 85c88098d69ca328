/**
 * The peer cache of one account in PostgreSQL: one row per peer, and username and phone index
 * tables so a lookup is one indexed join. A batch of any size is one fenced statement over
 * arrays (`unnest`), planned by `peer-batch.ts`.
 *
 * @module
 */
import type { PeerRecord, PeerRepository, PeerType } from '../types.js';
import { checkPeer, checkPeerId, checkPeerType, phoneKey, usernameKey } from '../validate.js';
import { int8, num, type PgAccess } from './access.js';
import { planPeerBatch } from './peer-batch.js';

interface PeerRow {
  type: PeerType;
  id: string;
  access_hash: string | null;
  min: boolean;
  usernames: string[];
  phone: string | null;
  bot: boolean | null;
  seen_type: PeerType | null;
  seen_id: string | null;
  seen_msg_id: number | null;
  updated_at: string;
}

const COLUMNS = 'p.type, p.id::text, p.access_hash::text, p.min, p.usernames, p.phone, p.bot, p.seen_type, p.seen_id::text, p.seen_msg_id, p.updated_at::text';

function peerFromRow(row: PeerRow): PeerRecord {
  const peer: PeerRecord = { type: row.type, id: num(row.id), min: row.min, usernames: row.usernames, updatedAt: num(row.updated_at) };
  if (row.access_hash !== null) peer.accessHash = BigInt(row.access_hash);
  if (row.phone !== null) peer.phone = row.phone;
  if (row.bot !== null) peer.bot = row.bot;
  if (row.seen_type !== null && row.seen_id !== null && row.seen_msg_id !== null) {
    peer.seenIn = { peerType: row.seen_type, peerId: num(row.seen_id), msgId: row.seen_msg_id };
  }
  return peer;
}

// $3..$13: the peer columns; $14..$16 names, owner types, owner ids; $17 released names; $18..$21 the same for phones
const PUT = `,
p AS (
  INSERT INTO tgts_peers (account, type, id, access_hash, min, usernames, phone, bot, seen_type, seen_id, seen_msg_id, updated_at)
  SELECT $1, r.type, r.id, r.access_hash, r.min, string_to_array(r.usernames, ','), r.phone, r.bot, r.seen_type, r.seen_id, r.seen_msg_id, r.updated_at
  FROM lease, unnest($3::text[], $4::bigint[], $5::bigint[], $6::boolean[], $7::text[], $8::text[], $9::boolean[], $10::text[], $11::bigint[], $12::integer[], $13::bigint[])
    AS r(type, id, access_hash, min, usernames, phone, bot, seen_type, seen_id, seen_msg_id, updated_at)
  ON CONFLICT (account, type, id) DO UPDATE SET access_hash = excluded.access_hash, min = excluded.min, usernames = excluded.usernames,
    phone = excluded.phone, bot = excluded.bot, seen_type = excluded.seen_type, seen_id = excluded.seen_id,
    seen_msg_id = excluded.seen_msg_id, updated_at = excluded.updated_at
),
du AS (
  DELETE FROM tgts_usernames u USING lease
  WHERE u.account = $1 AND NOT (u.username = ANY($14::text[]))
    AND ((u.type, u.id) IN (SELECT * FROM unnest($3::text[], $4::bigint[])) OR u.username = ANY($17::text[]))
),
iu AS (
  INSERT INTO tgts_usernames (account, username, type, id)
  SELECT $1, n.name, n.type, n.id FROM lease, unnest($14::text[], $15::text[], $16::bigint[]) AS n(name, type, id)
  ON CONFLICT (account, username) DO UPDATE SET type = excluded.type, id = excluded.id
),
dp AS (
  DELETE FROM tgts_phones f USING lease
  WHERE f.account = $1 AND NOT (f.phone = ANY($18::text[]))
    AND ((f.type, f.id) IN (SELECT * FROM unnest($3::text[], $4::bigint[])) OR f.phone = ANY($21::text[]))
),
ip AS (
  INSERT INTO tgts_phones (account, phone, type, id)
  SELECT $1, n.name, n.type, n.id FROM lease, unnest($18::text[], $19::text[], $20::bigint[]) AS n(name, type, id)
  ON CONFLICT (account, phone) DO UPDATE SET type = excluded.type, id = excluded.id
)`;

export class PgPeers implements PeerRepository {
  constructor(private readonly db: PgAccess) {}

  async get(type: PeerType, id: number): Promise<PeerRecord | undefined> {
    const [row] = await this.db.read<PeerRow>('tgts1_peer_get', `SELECT ${COLUMNS} FROM tgts_peers p WHERE p.account = $1 AND p.type = $2 AND p.id = $3::bigint`, [
      type,
      int8(id),
    ]);
    return row && peerFromRow(row);
  }

  async getByUsername(username: string): Promise<PeerRecord | undefined> {
    const [row] = await this.db.read<PeerRow>(
      'tgts1_peer_by_username',
      `SELECT ${COLUMNS} FROM tgts_usernames u JOIN tgts_peers p ON p.account = u.account AND p.type = u.type AND p.id = u.id
       WHERE u.account = $1 AND u.username = $2`,
      [usernameKey(username)],
    );
    return row && peerFromRow(row);
  }

  async getByPhone(phone: string): Promise<PeerRecord | undefined> {
    const [row] = await this.db.read<PeerRow>(
      'tgts1_peer_by_phone',
      `SELECT ${COLUMNS} FROM tgts_phones f JOIN tgts_peers p ON p.account = f.account AND p.type = f.type AND p.id = f.id
       WHERE f.account = $1 AND f.phone = $2`,
      [phoneKey(phone)],
    );
    return row && peerFromRow(row);
  }

  async put(records: readonly PeerRecord[]): Promise<void> {
    const checked = records.map((r, i) => checkPeer(r, `records.${i}`));
    if (checked.length === 0) return this.db.check(); // nothing to write, but a closed or lost storage still says so
    const plan = planPeerBatch(checked);
    const rs = plan.records;
    await this.db.write('tgts1_peer_put', PUT, [
      rs.map((p) => p.type),
      rs.map((p) => String(p.id)),
      rs.map((p) => int8(p.accessHash)),
      rs.map((p) => p.min),
      rs.map((p) => p.usernames.join(',')), // usernames are [A-Za-z0-9_]: a comma cannot occur
      rs.map((p) => p.phone ?? null),
      rs.map((p) => p.bot ?? null),
      rs.map((p) => p.seenIn?.peerType ?? null),
      rs.map((p) => int8(p.seenIn?.peerId)),
      rs.map((p) => p.seenIn?.msgId ?? null),
      rs.map((p) => String(p.updatedAt)),
      plan.names.map((n) => n.name),
      plan.names.map((n) => n.type),
      plan.names.map((n) => String(n.id)),
      plan.releasedNames,
      plan.phones.map((n) => n.name),
      plan.phones.map((n) => n.type),
      plan.phones.map((n) => String(n.id)),
      plan.releasedPhones,
    ]);
  }

  async delete(type: PeerType, id: number): Promise<void> {
    const t = checkPeerType(type);
    const i = int8(checkPeerId(id, 'id'));
    await this.db.write(
      'tgts1_peer_delete',
      `, w1 AS (DELETE FROM tgts_peers p USING lease WHERE p.account = $1 AND p.type = $3 AND p.id = $4::bigint),
         w2 AS (DELETE FROM tgts_usernames u USING lease WHERE u.account = $1 AND u.type = $3 AND u.id = $4::bigint),
         w3 AS (DELETE FROM tgts_phones f USING lease WHERE f.account = $1 AND f.type = $3 AND f.id = $4::bigint)`,
      [t, i],
    );
  }
}
