/**
 * Migration of data files written by earlier versions. Version 1 kept the world as one JSON
 * snapshot (`world` table, saved on a debounce after answers left); version 2 keeps it as rows
 * (`world_rows`). Runs inside the transaction that opens the file, so a failed migration leaves
 * the file as it was.
 * @module
 */
import type Database from 'better-sqlite3';
import { TestServerError } from '../server/errors.js';
import { World } from '../world/index.js';
import type { WorldSnapshot } from '../world/index.js';

/** Moves a version 1 world snapshot into `world_rows` and drops the old table. */
export function migrateFromV1(db: Database.Database): void {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'world'").get();
  if (!table) return;
  const row = db.prepare('SELECT snapshot FROM world WHERE id = 1').get() as { snapshot: string } | undefined;
  if (row) {
    let world: World;
    try {
      world = World.fromSnapshot(JSON.parse(row.snapshot) as WorldSnapshot);
    } catch (err) {
      throw new TestServerError(`cannot migrate the version 1 world snapshot: ${(err as Error).message}`, undefined, { cause: err });
    }
    const put = db.prepare('INSERT OR REPLACE INTO world_rows (tbl, key, json) VALUES (?, ?, ?)');
    for (const r of world.rows()) put.run(r.table, r.key, JSON.stringify(r.json));
  }
  db.exec('DROP TABLE world');
}
