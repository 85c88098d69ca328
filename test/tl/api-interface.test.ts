/** Generated `Api` interface (api/client-api.ts): one documented member per method, optional params, clash checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generate } from '../../src/tl/gen/generate.js';
import { emitApi, errorDocLines, paramsOptional } from '../../src/tl/gen/emit-api.js';
import { buildModel } from '../../src/tl/gen/model.js';
import { parseSchema } from '../../src/tl/parser/parse.js';

const out = generate({
  api: readFileSync('schema/telegram.tl', 'utf8'),
  mt: readFileSync('schema/mt.tl', 'utf8'),
  e2e: readFileSync('schema/encrypted.tl', 'utf8'),
  errors: JSON.parse(readFileSync('data/errors.json', 'utf8')),
});
const api = out.models[0];
const src = out.files.get('api/client-api.ts')!;
const types = out.files.get('api/types.ts')!;

/** The doc block right before `marker` (a line of generated source), as trimmed lines without the comment frame. */
function docBefore(text: string, marker: string): string[] {
  const at = text.indexOf(marker);
  assert.ok(at > 0, `missing ${marker}`);
  const start = text.lastIndexOf('/**', at);
  return text
    .slice(start, text.indexOf('*/', start))
    .split('\n')
    .map((l) => l.trim().replace(/^\/?\*+ ?/, ''))
    .filter((l) => l.length > 0);
}

test('client-api.ts is generated and on disk', () => {
  assert.ok(src, 'generator emits api/client-api.ts');
  assert.equal(readFileSync('src/tl/generated/api/client-api.ts', 'utf8'), src, 'stale: run npm run generate');
});

test('root interface: one readonly member per namespace, top-level methods directly', () => {
  assert.match(src, /export interface Api<O = ApiCallOptions> \{/);
  assert.match(src, /export interface ApiCallOptions \{\n[\s\S]*?signal\?: AbortSignal;[\s\S]*?timeout\?: number;[\s\S]*?dcId\?: number;\n\}/);
  const namespaces = [...new Set(api.methods.map((m) => m.tl.name).filter((n) => n.includes('.')).map((n) => n.split('.')[0]))];
  assert.ok(namespaces.length > 20);
  for (const ns of namespaces) {
    const iface = 'Api' + ns[0].toUpperCase() + ns.slice(1);
    assert.match(src, new RegExp(`  readonly ${ns}: ${iface}<O>;`), ns);
    assert.match(src, new RegExp(`export interface ${iface}<O = ApiCallOptions> \\{`), ns);
  }
  assert.match(src, /  invokeWithLayer<Q extends AnyRequest>\(params: Omit<InvokeWithLayerRequest<Q>, '_'>, options\?: O\): Promise<ResultOf<Q>>;/);
});

test('every method is a member exactly once, with params optional iff it has no required field', () => {
  const members = src.split('\n').filter((l) => /^  [A-Za-z]\w*(<[^>]*>)?\(params\??:/.test(l));
  assert.equal(members.length, api.methods.length);
  for (const m of api.methods) {
    const fn = m.tl.name.slice(m.tl.name.indexOf('.') + 1);
    const mine = members.filter((l) => l.includes(`'${m.tl.name}'`) || (m.generic && l.startsWith(`  ${fn}<`)));
    assert.equal(mine.length, 1, m.tl.name);
    assert.equal(mine[0].includes('(params?:'), paramsOptional(m), m.tl.name);
  }
  assert.match(src, /  getConfig\(params\?: ParamsOf<'help.getConfig'>, options\?: O\): Promise<Config>;/);
  assert.match(src, /  exportChatInvite\(params: ParamsOf<'messages.exportChatInvite'>, options\?: O\): Promise<ExportedChatInvite>;/);
});

test('each member carries its request type doc plus a @throws line with the documented errors', () => {
  const requestDoc = docBefore(types, 'export interface MessagesExportChatInviteRequest {');
  const memberDoc = docBefore(src, "  exportChatInvite(params: ParamsOf<'messages.exportChatInvite'>");
  assert.deepEqual(memberDoc.filter((l) => !l.startsWith('@throws')), requestDoc);
  assert.ok(requestDoc.some((l) => l.startsWith('Documented errors: 400 CHANNEL_INVALID')));
  const throwsLine = memberDoc.find((l) => l.startsWith('@throws {RpcError} '));
  assert.ok(throwsLine);
  for (const t of ['CHANNEL_INVALID', 'CHAT_ADMIN_REQUIRED', 'USAGE_LIMIT_INVALID', 'GlobalErrorType']) assert.ok(throwsLine.includes(t), t);
  assert.ok(memberDoc.includes('@see https://core.telegram.org/method/messages.exportChatInvite'));
  // Same property for every method: the request doc is contained in the member doc.
  for (const m of api.methods) {
    const fn = m.tl.name.slice(m.tl.name.indexOf('.') + 1);
    const marker = m.generic ? `  ${fn}<Q extends AnyRequest>(` : `ParamsOf<'${m.tl.name}'>, options`;
    const gen = m.generic ? '<Q extends AnyRequest = AnyRequest>' : '';
    const req = docBefore(types, `export interface ${m.tsName}${gen} {`);
    const mem = docBefore(src, marker);
    assert.deepEqual(mem.filter((l) => !l.startsWith('@throws')), req, m.tl.name);
    assert.equal(mem.filter((l) => l.startsWith('@throws {RpcError}')).length, 1, m.tl.name);
  }
});

test('errorDocLines: parametrised errors named as RpcError names them, de-duplicated and sorted', () => {
  const lines = errorDocLines([
    { code: 420, type: 'FLOOD_WAIT_%d' },
    { code: 400, type: 'PEER_ID_INVALID' },
    { code: 400, type: 'FILE_PART_%d_MISSING' },
    { code: 403, type: 'PEER_ID_INVALID' },
  ]);
  assert.equal(lines[0], 'Documented errors: 420 FLOOD_WAIT_%d, 400 PEER_ID_INVALID, 400 FILE_PART_%d_MISSING, 403 PEER_ID_INVALID');
  assert.match(lines[1], /^@throws \{RpcError\} FILE_PART_MISSING, FLOOD_WAIT, PEER_ID_INVALID, or one of the errors any method may return/);
  const none = errorDocLines([]);
  assert.equal(none.length, 1);
  assert.match(none[0], /^@throws \{RpcError\} one of the errors any method may return/);
});

const MINI = `
user id:long name:string = User;
---functions---
users.getUser id:long = User;
help.ping flags:# tag:flags.0?string = Bool;
wrap {X:Type} tag:int query:!X = X;
`;

test('small schema: full output shape', () => {
  const model = buildModel('api', parseSchema(MINI, { file: 'mini.tl' }));
  const text = emitApi(model, { 'users.getUser': [{ code: 400, type: 'USER_ID_INVALID' }] });
  assert.match(text, /^\/\/ Generated by/);
  assert.match(text, /import type \{ AnyRequest, ParamsOf, ResultOf, User, WrapRequest \} from '.\/types.js';/);
  assert.match(text, /export interface ApiHelp<O = ApiCallOptions> \{[\s\S]*  ping\(params\?: ParamsOf<'help.ping'>, options\?: O\): Promise<boolean>;\n\}/);
  assert.match(text, /export interface ApiUsers<O = ApiCallOptions> \{[\s\S]*Documented errors: 400 USER_ID_INVALID[\s\S]*  getUser\(params: ParamsOf<'users.getUser'>, options\?: O\): Promise<User>;\n\}/);
  assert.match(text, /  readonly help: ApiHelp<O>;\n[\s\S]*  readonly users: ApiUsers<O>;\n[\s\S]*  wrap<Q extends AnyRequest>\(params: Omit<WrapRequest<Q>, '_'>, options\?: O\): Promise<ResultOf<Q>>;\n\}\n$/);
  assert.equal(emitApi(model, {}), emitApi(model, {}), 'deterministic');
});

test('a namespace named like a top-level method is rejected', () => {
  const model = buildModel('api', parseSchema(`${MINI}help x:int = Bool;\n`, { file: 'clash.tl' }));
  assert.throws(() => emitApi(model, {}), /namespace 'help' clashes with a top-level method/);
});

test('a namespace interface name colliding with an imported type is rejected', () => {
  const model = buildModel('api', parseSchema(`apiUsers a:int = ApiUsers;\n---functions---\nusers.get = ApiUsers;\n`, { file: 'clash2.tl' }));
  assert.throws(() => emitApi(model, {}), /generated name 'ApiUsers' clashes with an imported type/);
});
