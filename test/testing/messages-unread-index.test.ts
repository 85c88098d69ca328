// The message store's unread index (store.ts `unreadAbove`) against the definition (walk the dialog,
// count what is not outgoing for the viewer and not a service message), through inserts, removals and a
// reload of the persisted rows in another order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageStore, channelBox, lowerBound, userBox } from '../../src/testing/world/messages/store.js';
import type { BoxKey, PeerRef, StoredMessage } from '../../src/testing/world/messages/types.js';
import { isOut } from '../../src/testing/world/messages/view.js';
import { TableSet } from '../../src/testing/world/tables.js';
import type { JsonValue } from '../../src/testing/world/snapshot.js';

/** A small deterministic generator (the same cases on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function definition(store: MessageStore, box: BoxKey, peer: PeerRef, viewerId: number, inbox: number): number {
  const ids = store.ids(box, peer);
  let n = 0;
  for (let i = lowerBound(ids, inbox + 1); i < ids.length; i++) {
    const m = store.get(box, ids[i]!);
    if (m && !isOut(m, viewerId) && !m.action) n++;
  }
  return n;
}

const OWNER = 7;
const CHANNEL = 50;
const AUTHORS = [7, 8, 9];
const dialogs: Array<{ box: BoxKey; peer: PeerRef }> = [
  { box: userBox(OWNER), peer: { kind: 'user', id: 8 } },
  { box: userBox(OWNER), peer: { kind: 'chat', id: 20 } },
  { box: channelBox(CHANNEL), peer: { kind: 'channel', id: CHANNEL } },
];

function fill(store: MessageStore, rand: () => number, count: number, nextId = new Map<BoxKey, number>()): StoredMessage[] {
  const made: StoredMessage[] = [];
  for (let i = 0; i < count; i++) {
    const { box, peer } = dialogs[Math.floor(rand() * dialogs.length)]!;
    const id = (nextId.get(box) ?? 0) + 1;
    nextId.set(box, id);
    const fromId = rand() < 0.1 ? undefined : AUTHORS[Math.floor(rand() * AUTHORS.length)]!;
    const m: StoredMessage = { id, box, peer, out: box[0] === 'u' && fromId === OWNER, date: 1000 + i, text: `m${i}` };
    if (fromId !== undefined) m.fromId = fromId;
    if (rand() < 0.15) m.action = { _: 'messageActionChatEditTitle', title: `t${i}` };
    store.insert(m);
    made.push(m);
  }
  return made;
}

function assertSame(store: MessageStore, label: string): void {
  for (const { box, peer } of dialogs) {
    const ids = store.ids(box, peer);
    const top = ids.length === 0 ? 0 : ids[ids.length - 1]!;
    const viewers = box[0] === 'u' ? [OWNER] : [...AUTHORS, 99];
    for (const viewerId of viewers) {
      for (let inbox = 0; inbox <= top + 1; inbox += 7) {
        assert.equal(store.unreadAbove(box, peer, viewerId, inbox), definition(store, box, peer, viewerId, inbox), `${label}: ${box} ${peer.kind}${peer.id} viewer ${viewerId} above ${inbox}`);
      }
    }
  }
  assert.equal(store.unreadAbove(userBox(OWNER), { kind: 'user', id: 12345 }, OWNER, 0), 0, 'a dialog without messages');
}

test('unread counts from the index equal a walk of the dialog, through removals and a reload in another order', () => {
  const tables = new TableSet();
  const store = new MessageStore(tables);
  tables.track();
  const rand = lcg(14);
  const lastIds = new Map<BoxKey, number>();
  const made = fill(store, rand, 600, lastIds);
  assertSame(store, 'after inserts');
  for (const m of made) if (rand() < 0.3) store.remove(m);
  assertSame(store, 'after removals');

  // the persisted rows, loaded shuffled into a fresh store: the index is rebuilt from them on first use
  const rows = tables.drainChanges().filter((r) => r.table === 'messages' && r.json !== null);
  assert.ok(rows.length > 300);
  const shuffled: Array<[string, JsonValue]> = rows.map((r) => [r.key, r.json!]);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const tables2 = new TableSet();
  const reloaded = new MessageStore(tables2);
  tables2.loadAll({ messages: shuffled });
  for (const { box, peer } of dialogs) assert.deepEqual(reloaded.ids(box, peer), store.ids(box, peer));
  assertSame(reloaded, 'after reload');
  fill(reloaded, rand, 200, lastIds);
  assertSame(reloaded, 'new messages after the reload');
});
