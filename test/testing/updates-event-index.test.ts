// The box events' in-memory index (updates/event-index.ts, used by UpdateBoxes.eventsAfter): pages of any
// pts range and unit limit equal a walk over the kept rows, through events spanning several pts units,
// pruning past the retention (compaction included) and a reload of the persisted rows in another order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MESSAGE_SWITCHES } from '../../src/testing/world/messages/rules.js';
import type { BoxEvent } from '../../src/testing/world/updates/boxes.js';
import { UpdateBoxes } from '../../src/testing/world/updates/boxes.js';
import { TableSet } from '../../src/testing/world/tables.js';
import type { JsonValue } from '../../src/testing/world/snapshot.js';

type Box = `u${number}` | `c${number}`;

/** The definition: every kept row of `box` with from < pts ≤ to, cut before the event past `maxUnits`. */
function walk(rows: Map<string, BoxEvent>, box: Box, from: number, to: number, maxUnits: number): BoxEvent[] {
  const out: BoxEvent[] = [];
  let units = 0;
  for (let p = from + 1; p <= to; p++) {
    const e = rows.get(`${box}:${p}`);
    if (!e) continue;
    if (out.length > 0 && units + e.count > maxUnits) break;
    units += e.count;
    out.push(e);
  }
  return out;
}

function keptRows(tables: TableSet): Map<string, BoxEvent> {
  return new Map([...tables.get('boxEvents')!.entries()] as Array<[string, BoxEvent]>);
}

function check(boxes: UpdateBoxes, tables: TableSet, label: string): void {
  const rows = keptRows(tables);
  const tops: Array<[Box, number]> = [
    ['u1', boxes.account(1).pts],
    ['u2', boxes.account(2).pts],
    ['c9', boxes.channel(9).pts],
  ];
  for (const [box, top] of tops) {
    for (let from = 0; from <= top; from += 37) {
      for (const maxUnits of [1, 5, 64, Infinity]) {
        assert.deepEqual(boxes.eventsAfter(box, from, top, maxUnits), walk(rows, box, from, top, maxUnits), `${label}: ${box} after ${from} max ${maxUnits}`);
        assert.deepEqual(boxes.eventsAfter(box, from, from + 40, maxUnits), walk(rows, box, from, from + 40, maxUnits), `${label}: ${box} ${from}..${from + 40}`);
      }
    }
  }
}

test('eventsAfter slices the kept events like a walk over the rows, across pruning and a reload', () => {
  // a short retention so the fronts are pruned (and the index compacted) many times over
  const switches = { ...DEFAULT_MESSAGE_SWITCHES, commonRetention: 1500, channelRetention: 300 };
  const tables = new TableSet();
  tables.track();
  const boxes = new UpdateBoxes(tables, switches);
  for (let i = 0; i < 4000; i++) {
    const count = i % 11 === 0 ? 3 : 1; // a delete of three messages spans three pts units
    boxes.addAccountEvent(1 + (i % 2), count, 1000 + i, count === 1 ? { kind: 'new', id: i + 1 } : { kind: 'delete', ids: [i, i - 1, i - 2] });
    if (i % 3 === 0) boxes.addChannelEvent(9, 1, 1000 + i, { kind: 'edit', id: i });
  }
  assert.ok(boxes.account(1).floorPts > 1 && boxes.channel(9).floorPts > 1, 'both kinds of box were pruned');
  assert.deepEqual(boxes.eventsAfter('u1', 0, boxes.account(1).floorPts), [], 'nothing at or below the floor is kept');
  check(boxes, tables, 'live');

  const shuffled: Array<[string, JsonValue]> = tables
    .drainChanges()
    .filter((r) => r.table === 'boxEvents' && r.json !== null)
    .map((r): [string, JsonValue] => [r.key, r.json!])
    .reverse();
  const counters = (name: string): Array<[string, JsonValue]> => [...tables.get(name)!.entries()].map(([k, v]) => [k, tables.get(name)!.codec.encode(v)]);
  const tables2 = new TableSet();
  const reloaded = new UpdateBoxes(tables2, switches);
  tables2.loadAll({ boxEvents: shuffled, accountBoxes: counters('accountBoxes'), channelBoxes: counters('channelBoxes') });
  check(reloaded, tables2, 'reloaded');
  for (let i = 0; i < 500; i++) reloaded.addAccountEvent(1, 1, 9000 + i, { kind: 'new', id: 10_000 + i });
  check(reloaded, tables2, 'new events after the reload');
});
