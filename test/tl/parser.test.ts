/** TL schema parser: each grammar feature, each malformed case, and the id check on all schemas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSchema, crc32 } from '../../src/tl/parser/index.js';
import { TlSchemaError } from '../../src/tl/errors.js';

const one = (src: string) => {
  const s = parseSchema(src);
  return [...s.constructors, ...s.methods][0];
};

test('comments, sections, explicit ids and LAYER', () => {
  const s = parseSchema(`// a comment
/* block
   comment */
boolTrue#997275b5 = Bool; // trailing
---functions---
help.getConfig#c4f9186b = Config;
---types---
null#56730bcc = Null;
// LAYER 42
`);
  assert.deepEqual(s.constructors.map((c) => c.name), ['boolTrue', 'null']);
  assert.deepEqual(s.methods.map((c) => [c.name, c.kind, c.id]), [['help.getConfig', 'method', 0xc4f9186b]]);
  assert.equal(s.layer, 42);
  assert.deepEqual(s.idMismatches, []);
});

test('flags:#, flags2:#, flags.N?T and flags.N?true', () => {
  const c = one('community#65efe954 flags:# creator:flags.0?true flags2:# collapsed:flags2.20?true id:long hash:flags.13?long = Chat;');
  assert.deepEqual(c.params.map((p) => [p.name, p.isFlags, p.flag?.field, p.flag?.bit, p.type.kind]), [
    ['flags', true, undefined, undefined, 'primitive'],
    ['creator', false, 'flags', 0, 'true'],
    ['flags2', true, undefined, undefined, 'primitive'],
    ['collapsed', false, 'flags2', 20, 'true'],
    ['id', false, undefined, undefined, 'primitive'],
    ['hash', false, 'flags', 13, 'primitive'],
  ]);
});

test('Vector<T>, vector<%T>, %T, int128/int256/bytes/string/double/Bool/true', () => {
  const c = one('x#1 a:Vector<long> b:vector<%message> c:%Message d:int128 e:int256 f:bytes g:string h:double i:Bool j:Vector<Vector<int>> = X;');
  const t = c.params.map((p) => p.type);
  assert.deepEqual(t[0], { kind: 'vector', boxed: true, elem: { kind: 'primitive', name: 'long' } });
  assert.deepEqual(t[1], { kind: 'vector', boxed: false, elem: { kind: 'bare', name: 'message' } });
  assert.deepEqual(t[2], { kind: 'bare', name: 'Message' });
  assert.deepEqual(t.slice(3, 8).map((x) => (x.kind === 'primitive' ? x.name : '')), ['int128', 'int256', 'bytes', 'string', 'double']);
  assert.deepEqual(t[8], { kind: 'boxed', name: 'Bool' });
  assert.deepEqual(t[9], { kind: 'vector', boxed: true, elem: { kind: 'vector', boxed: true, elem: { kind: 'primitive', name: 'int' } } });
});

test('generics {X:Type} and !X', () => {
  const s = parseSchema('---functions---\ninvokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;');
  const m = s.methods[0];
  assert.deepEqual(m.generics, ['X']);
  assert.deepEqual(m.params[1].type, { kind: 'generic', name: 'X', bang: true });
  assert.deepEqual(m.result, { kind: 'generic', name: 'X', bang: false });
  assert.equal(m.id, m.computedId);
});

test('lines without an id get the CRC32 of their normalised definition', () => {
  const c = one('message msg_id:long seqno:int bytes:int body:Object = Message;');
  assert.equal(c.explicitId, false);
  assert.equal(c.definition, 'message msg_id:long seqno:int bytes:int body:Object = Message');
  assert.equal(c.id, crc32('message msg_id:long seqno:int bytes:int body:Object = Message'));
  assert.equal(c.id, 0x5bb8e511);
});

test('built-in declarations are recognised and skipped', () => {
  const s = parseSchema('int ? = Int;\nvector {t:Type} # [ t ] = Vector t;\nbytes#e937bb82 = Bytes;\nint128 4*[ int ] = Int128;');
  assert.equal(s.constructors.length, 0);
  assert.equal(s.builtins.length, 4);
});

test('id mismatches are reported; known legacy exceptions are flagged as known', () => {
  const s = parseSchema('inputPeerUser#deadbeef user_id:long access_hash:long = InputPeer;\nipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort;');
  assert.deepEqual(s.idMismatches.map((m) => [m.name, m.known, m.computed]), [
    ['inputPeerUser', false, 0xdde8a54c],
    ['ipPortSecret', true, s.idMismatches[1].computed],
  ]);
});

const malformed: [string, string, number, number][] = [
  ['missing =', 'foo#1 a:int X;', 1, 1],
  ['missing result', 'foo#1 a:int =;', 1, 14],
  ['missing semicolon', 'foo#1 a:int = X', 1, 16],
  ['bad id', 'foo#xyz a:int = X;', 1, 4],
  ['bad name', '9foo#1 = X;', 1, 1],
  ['param without type', 'foo#1 a = X;', 1, 7],
  ['undeclared flags field', 'foo#1 a:flags.0?int = X;', 1, 9],
  ['flag bit out of range', 'foo#1 flags:# a:flags.32?int = X;', 1, 17],
  ['unclosed <', 'foo#1 a:Vector<int = X;', 1, 9],
  ['undeclared !X', 'foo#1 q:!X = X;', 1, 9],
  ['bad generic decl', 'foo#1 {X:Foo} q:!X = X;', 1, 7],
  ['duplicate param', 'foo#1 a:int a:int = X;', 1, 13],
  ['duplicate combinator', 'foo#1 = X;\nfoo#2 = X;', 2, 1],
  ['unknown section', '---stuff---\nfoo#1 = X;', 1, 1],
  ['unterminated comment', 'foo#1 = X; /* no end', 1, 12],
  ['lowercase constructor result', 'foo#1 = x;', 1, 9],
  ['two result tokens', 'foo#1 = X Y;', 1, 11],
];

for (const [what, src, line, column] of malformed) {
  test(`malformed: ${what} → TlSchemaError with line and column`, () => {
    assert.throws(() => parseSchema(src, { file: 't.tl' }), (e: unknown) => {
      assert.ok(e instanceof TlSchemaError, String(e));
      assert.equal(e.line, line, e.message);
      assert.equal(e.column, column, e.message);
      assert.ok(e.message.startsWith(`t.tl:${line}:${column}:`));
      return true;
    });
  });
}

test('every explicit id in the three schemas matches its CRC32 except the documented exceptions', () => {
  const counts: Record<string, [number, number]> = {};
  const known: string[] = [];
  for (const f of ['telegram', 'mt', 'encrypted']) {
    const s = parseSchema(readFileSync(`schema/${f}.tl`, 'utf8'), { file: `${f}.tl` });
    assert.deepEqual(s.idMismatches.filter((m) => !m.known), [], f);
    known.push(...s.idMismatches.map((m) => m.name));
    counts[f] = [s.constructors.length, s.methods.length];
  }
  assert.deepEqual(known.sort(), [
    'accessPointRule', 'decryptedMessageMediaDocument', 'help.configSimple', 'inputPeerPhotoFileLocationLegacy', 'inputStickerSetThumbLegacy', 'ipPortSecret',
  ]);
  // telegram.tl: 1648 constructors (incl. boolFalse/boolTrue/true) + 808 methods; built-ins (int ? = Int ...) skipped.
  assert.deepEqual(counts, { telegram: [1648, 808], mt: [36, 10], encrypted: [88, 1] });
});
