/**
 * The client-side codec tables hold exactly what a client writes (methods and whatever their
 * parameters reach) and reads (whatever results and updates reach), checked against the
 * registry independently of the generator; and the client's import graph stays free of the
 * server-side modules and the registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { requestWriters, responseReaders } from '../../src/tl/generated/objects.js';
import { restReaders, restWriters } from '../../src/tl/generated/objects-rest.js';
import { constructorsOf, entriesOf, findByName } from '../../src/tl/registry.js';
import type { TlEntry } from '../../src/tl/registry.js';

/** Constructors reachable from TL type texts (`Vector<InputPeer>`, `%Message`, `flags.0?string`...). */
function reach(roots: readonly string[]): Set<string> {
  const out = new Set<string>();
  const seenTypes = new Set<string>();
  const queue = [...roots];
  const visit = (e: TlEntry): void => {
    if (out.has(e.name)) return;
    out.add(e.name);
    for (const p of e.params) queue.push(p.type);
  };
  while (queue.length > 0) {
    const t = queue.pop()!.replace(/^[Vv]ector<(.*)>$/, '$1');
    if (/^[Vv]ector</.test(t)) {
      queue.push(t);
      continue;
    }
    if (t.startsWith('%') || /^[a-z]/.test(t.slice(t.lastIndexOf('.') + 1))) {
      const name = t.replace(/^%/, '');
      const bare = findByName(name, 'api');
      const entry = bare?.kind === 'constructor' ? bare : constructorsOf(name, 'api')[0];
      if (entry) visit(entry);
      continue;
    }
    if (seenTypes.has(t)) continue;
    seenTypes.add(t);
    for (const c of constructorsOf(t, 'api')) visit(c);
  }
  return out;
}

const methods = entriesOf('api', 'method');
const ctors = entriesOf('api', 'constructor');
const sent = reach(methods.flatMap((m) => m.params.map((p) => p.type)));
const received = reach([...methods.map((m) => m.type), 'Updates']);

test('client writers: every method and every constructor a request can hold; nothing else', () => {
  for (const m of methods) assert.ok(requestWriters.has(m.name), m.name);
  for (const c of ctors) {
    assert.equal(requestWriters.has(c.name), sent.has(c.name), `${c.name}: in client writers ⇔ reachable from some request`);
    assert.notEqual(requestWriters.has(c.name), restWriters.has(c.name), `${c.name}: in exactly one writer table`);
  }
  assert.ok(sent.has('inputPeerChat') && !sent.has('message') && !requestWriters.has('message'));
  for (const e of entriesOf('mt')) if (e.name !== 'message') assert.ok(requestWriters.has(e.name), `mt ${e.name}`);
});

test('client readers: every constructor a result or update can hold; methods only in the rest', () => {
  for (const c of ctors) {
    const id = c.id | 0;
    assert.equal(responseReaders.has(id), received.has(c.name), `${c.name}: in client readers ⇔ reachable from some result`);
    assert.notEqual(responseReaders.has(id), restReaders.has(id), `${c.name}: in exactly one reader table`);
  }
  for (const m of methods) assert.ok(restReaders.has(m.id | 0) && !responseReaders.has(m.id | 0), m.name);
  assert.ok(received.has('updateNewMessage') && received.has('chatInviteExported') && !received.has('inputPhoneContact'));
});

test("the client's import graph has no registry, error table, e2e or server-side codec modules", async () => {
  const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
  const r = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'node', format: 'esm', metafile: true, logLevel: 'silent', external: ['better-sqlite3', 'ws'] });
  const inputs = Object.keys(r.metafile.inputs).filter((p) => p.includes('src/tl/'));
  assert.ok(inputs.some((p) => p.endsWith('generated/api/read.ts')), 'client reads results');
  for (const banned of ['generated/registry.ts', 'generated/errors.ts', 'generated/objects-rest.ts', 'api/read-rest.ts', 'api/write-rest.ts', 'e2e-objects.ts', 'full-codec.ts']) {
    assert.ok(!inputs.some((p) => p.endsWith(banned)), `${banned} is imported by the client`);
  }
});
