/**
 * Parser for Telegram's TL schema language (the subset used by api.tl, mtproto.tl and
 * secret_api.tl). Produces a {@link TlSchema}; malformed input raises {@link TlSchemaError}.
 */
import { TlSchemaError } from '../errors.js';
import type { TlCombinator, TlIdMismatch, TlParam, TlPrimitive, TlSchema, TlTypeExpr } from './ast.js';
import { crc32 } from './crc32.js';
import { KNOWN_ID_EXCEPTIONS, normaliseDefinition } from './normalize.js';

interface Token {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const PRIMITIVES: ReadonlySet<string> = new Set(['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256']);
const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;
const FULL_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

export interface ParseOptions {
  /** File name used in error messages. */
  readonly file?: string;
}

/** Split the text into tokens, dropping comments; `;` is always its own token. */
function tokenize(text: string, file: string, layerOut: { layer?: number }): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const n = text.length;
  const advance = (): void => {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
    i++;
  };
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      advance();
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const start = i;
      while (i < n && text[i] !== '\n') advance();
      const m = /^\/\/\s*LAYER\s+(\d+)\s*$/.exec(text.slice(start, i));
      if (m) layerOut.layer = Number(m[1]);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const l0 = line;
      const c0 = col;
      advance();
      advance();
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) advance();
      if (i >= n) throw new TlSchemaError('unterminated /* comment', l0, c0, file);
      advance();
      advance();
      continue;
    }
    if (c === ';') {
      tokens.push({ text: ';', line, column: col });
      advance();
      continue;
    }
    const l0 = line;
    const c0 = col;
    const start = i;
    while (i < n && !/[\s;]/.test(text[i]) && !(text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) advance();
    tokens.push({ text: text.slice(start, i), line: l0, column: c0 });
  }
  return tokens;
}

/** Parse a type expression (without any `flags.N?` prefix). */
function parseType(text: string, tok: Token, generics: readonly string[], file: string, bareCtx = false): TlTypeExpr {
  const fail = (msg: string): never => {
    throw new TlSchemaError(`${msg} in type '${text}'`, tok.line, tok.column, file);
  };
  if (text.length === 0) fail('empty type');
  if (text.startsWith('!')) {
    const name = text.slice(1);
    if (!generics.includes(name)) fail(`'!${name}' refers to an undeclared type variable (declare it with {${name}:Type})`);
    return { kind: 'generic', name, bang: true };
  }
  if (text.startsWith('%')) {
    const inner = parseType(text.slice(1), tok, generics, file, true);
    if (inner.kind === 'vector') return { kind: 'vector', boxed: false, elem: inner.elem };
    if (inner.kind === 'boxed') return { kind: 'bare', name: inner.name };
    if (inner.kind === 'bare') return inner;
    return fail(`'%' cannot be applied here`);
  }
  const lt = text.indexOf('<');
  if (lt >= 0) {
    if (!text.endsWith('>')) fail(`unclosed '<'`);
    const head = text.slice(0, lt);
    if (head !== 'Vector' && head !== 'vector') fail(`only Vector<T> / vector<T> take a type argument, got '${head}'`);
    const elem = parseType(text.slice(lt + 1, -1), tok, generics, file);
    if (elem.kind === 'true' || (elem.kind === 'generic' && elem.bang)) fail('invalid vector element type');
    return { kind: 'vector', boxed: head === 'Vector' && !bareCtx, elem };
  }
  if (text.includes('>')) fail(`unexpected '>'`);
  if (PRIMITIVES.has(text)) return { kind: 'primitive', name: text as TlPrimitive };
  if (text === 'true') return { kind: 'true' };
  if (generics.includes(text)) return { kind: 'generic', name: text, bang: false };
  if (!FULL_NAME.test(text)) fail('invalid type name');
  const last = text.slice(text.lastIndexOf('.') + 1);
  return /^[A-Z]/.test(last) ? { kind: 'boxed', name: text } : { kind: 'bare', name: text };
}

/** Parse one statement (tokens up to, not including, `;`). Returns null for built-in declarations. */
function parseStatement(
  toks: readonly Token[],
  kind: 'constructor' | 'method',
  file: string,
): TlCombinator | null {
  const head = toks[0];
  const eqIndex = toks.findIndex((t) => t.text === '=');
  // Built-in declarations such as `int ? = Int` or `vector {t:Type} # [ t ] = Vector t`.
  if (toks.some((t) => t.text === '?' || t.text.startsWith('[') || t.text === '#')) return null;
  // `bytes#e937bb82 = Bytes` and friends: primitives are encoded natively, never as objects.
  if (PRIMITIVES.has(head.text.split('#')[0])) return null;
  if (eqIndex < 0) throw new TlSchemaError(`missing '=' in declaration of '${head.text}'`, head.line, head.column, file);
  if (eqIndex === toks.length - 1) {
    const t = toks[eqIndex];
    throw new TlSchemaError(`missing result type after '='`, t.line, t.column + 1, file);
  }
  const m = /^([^#]+)(?:#(.*))?$/.exec(head.text);
  const name = m ? m[1] : head.text;
  if (!FULL_NAME.test(name)) throw new TlSchemaError(`invalid combinator name '${name}'`, head.line, head.column, file);
  let declaredId: number | undefined;
  if (m && m[2] !== undefined) {
    if (!/^[0-9a-fA-F]{1,8}$/.test(m[2])) {
      throw new TlSchemaError(`invalid constructor id '#${m[2]}' (expected 1-8 hex digits)`, head.line, head.column + name.length, file);
    }
    declaredId = parseInt(m[2], 16) >>> 0;
  }

  const generics: string[] = [];
  const params: TlParam[] = [];
  const flagFields = new Set<string>();
  const seen = new Set<string>();
  for (let k = 1; k < eqIndex; k++) {
    const tok = toks[k];
    const t = tok.text;
    if (t.startsWith('{')) {
      const g = /^\{([A-Za-z][A-Za-z0-9_]*):Type\}$/.exec(t);
      if (!g) throw new TlSchemaError(`invalid type variable declaration '${t}' (expected {X:Type})`, tok.line, tok.column, file);
      generics.push(g[1]);
      continue;
    }
    const colon = t.indexOf(':');
    if (colon <= 0) throw new TlSchemaError(`expected 'name:type', got '${t}'`, tok.line, tok.column, file);
    const pname = t.slice(0, colon);
    const ptext = t.slice(colon + 1);
    if (!IDENT.test(pname)) throw new TlSchemaError(`invalid parameter name '${pname}'`, tok.line, tok.column, file);
    if (seen.has(pname)) throw new TlSchemaError(`duplicate parameter '${pname}'`, tok.line, tok.column, file);
    seen.add(pname);
    const typeTok: Token = { text: ptext, line: tok.line, column: tok.column + colon + 1 };
    if (ptext === '#') {
      flagFields.add(pname);
      params.push({ name: pname, isFlags: true, type: { kind: 'primitive', name: 'int' }, typeText: '#' });
      continue;
    }
    const cond = /^([A-Za-z][A-Za-z0-9_]*)\.(\d+)\?(.*)$/.exec(ptext);
    if (cond) {
      if (!flagFields.has(cond[1])) {
        throw new TlSchemaError(`'${cond[1]}' is not a preceding flags field (declare ${cond[1]}:#)`, typeTok.line, typeTok.column, file);
      }
      const bit = Number(cond[2]);
      if (bit > 31) throw new TlSchemaError(`flag bit ${bit} out of range 0..31`, typeTok.line, typeTok.column, file);
      const inner = parseType(cond[3], typeTok, generics, file);
      params.push({ name: pname, isFlags: false, flag: { field: cond[1], bit }, type: inner, typeText: ptext });
      continue;
    }
    if (ptext.includes('?')) throw new TlSchemaError(`invalid conditional type '${ptext}' (expected flags.N?Type)`, typeTok.line, typeTok.column, file);
    const type = parseType(ptext, typeTok, generics, file);
    if (type.kind === 'generic' && !type.bang) {
      throw new TlSchemaError(`type variable '${type.name}' used as a parameter type must be written '!${type.name}'`, typeTok.line, typeTok.column, file);
    }
    params.push({ name: pname, isFlags: false, type, typeText: ptext });
  }

  const resultToks = toks.slice(eqIndex + 1);
  const resultText = resultToks.map((t) => t.text).join(' ');
  let result: TlTypeExpr;
  if (resultToks.length === 1) {
    result = parseType(resultText, resultToks[0], generics, file);
    if (result.kind === 'generic' && result.bang) {
      throw new TlSchemaError(`result type cannot be '!${result.name}'`, resultToks[0].line, resultToks[0].column, file);
    }
  } else {
    throw new TlSchemaError(`unexpected tokens in result type '${resultText}'`, resultToks[1].line, resultToks[1].column, file);
  }
  if (kind === 'constructor' && result.kind !== 'boxed') {
    throw new TlSchemaError(`constructor result type must be a boxed type name, got '${resultText}'`, resultToks[0].line, resultToks[0].column, file);
  }

  const normTokens = [name, ...toks.slice(1).map((t) => t.text)];
  const definition = normaliseDefinition(normTokens);
  let computedId = crc32(definition);
  // secret_api.tl renames older versions of a constructor with a layer suffix
  // (decryptedMessage8, documentAttributeAudio45): their id is that of the unsuffixed name.
  const suffixed = /^(.*[A-Za-z_])\d+$/.exec(name);
  if (declaredId !== undefined && declaredId !== computedId && suffixed) {
    const alt = crc32(normaliseDefinition([suffixed[1], ...toks.slice(1).map((t) => t.text)]));
    if (alt === declaredId) computedId = alt;
  }
  return {
    kind,
    name,
    id: declaredId ?? computedId,
    explicitId: declaredId !== undefined,
    computedId,
    generics,
    params,
    resultText,
    result,
    definition,
    line: head.line,
    column: head.column,
  };
}

/** Parse the text of a `.tl` file. */
export function parseSchema(text: string, options: ParseOptions = {}): TlSchema {
  const file = options.file ?? '<schema>';
  const layerOut: { layer?: number } = {};
  const tokens = tokenize(text, file, layerOut);
  const constructors: TlCombinator[] = [];
  const methods: TlCombinator[] = [];
  const builtins: string[] = [];
  const mismatches: TlIdMismatch[] = [];
  const names = new Map<string, number>();
  let section: 'constructor' | 'method' = 'constructor';
  let stmt: Token[] = [];
  for (const tok of tokens) {
    if (stmt.length === 0 && tok.text.startsWith('---')) {
      if (tok.text === '---functions---') section = 'method';
      else if (tok.text === '---types---') section = 'constructor';
      else throw new TlSchemaError(`unknown section marker '${tok.text}'`, tok.line, tok.column, file);
      continue;
    }
    if (tok.text !== ';') {
      stmt.push(tok);
      continue;
    }
    if (stmt.length === 0) throw new TlSchemaError(`empty declaration`, tok.line, tok.column, file);
    const comb = parseStatement(stmt, section, file);
    const text = stmt.map((t) => t.text).join(' ');
    stmt = [];
    if (!comb) {
      builtins.push(text);
      continue;
    }
    const prev = names.get(comb.name);
    if (prev !== undefined) {
      throw new TlSchemaError(`duplicate definition of '${comb.name}' (first defined on line ${prev})`, comb.line, comb.column, file);
    }
    names.set(comb.name, comb.line);
    if (comb.explicitId && comb.id !== comb.computedId) {
      mismatches.push({ name: comb.name, line: comb.line, declared: comb.id, computed: comb.computedId, known: KNOWN_ID_EXCEPTIONS.has(comb.name) });
    }
    (section === 'method' ? methods : constructors).push(comb);
  }
  if (stmt.length > 0) {
    const last = stmt[stmt.length - 1];
    throw new TlSchemaError(`missing ';' after declaration of '${stmt[0].text}'`, last.line, last.column + last.text.length, file);
  }
  return { constructors, methods, layer: layerOut.layer, idMismatches: mismatches, builtins };
}
