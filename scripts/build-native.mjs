#!/usr/bin/env node
// Builds the optional C addon in native/ (AES-NI AES-IGE, strict UTF-8 decoding) with node-gyp.
// Never fails the install: without it tgts uses its pure TypeScript AES-IGE and Node's UTF-8 decoding.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');

function findNodeGyp() {
  // 1. a node-gyp installed in the project; 2. the copy bundled with npm.
  try {
    return createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {}
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const prefix = dirname(dirname(process.execPath));
  candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((c) => existsSync(c));
}

function warn(msg) {
  console.warn(`[tgts] native addon not built (${msg}); using the pure TypeScript AES-IGE and Node's UTF-8 decoding.`);
  process.exit(0);
}

if (process.env.TGTS_SKIP_NATIVE) warn('TGTS_SKIP_NATIVE is set');
if (!existsSync(join(nativeDir, 'binding.gyp'))) warn('native/binding.gyp missing');
const gyp = findNodeGyp();
if (!gyp) warn('node-gyp not found');
// Outside npm (or without npm's nodedir config) point node-gyp at headers installed next to
// this node binary, so no network download of headers is needed.
const args = [gyp, 'rebuild', '-C', nativeDir];
const localHeaders = join(dirname(dirname(process.execPath)), 'include', 'node', 'node_api.h');
if (!process.env.npm_config_nodedir && existsSync(localHeaders)) args.push(`--nodedir=${dirname(dirname(process.execPath))}`);
const res = spawnSync(process.execPath, args, { stdio: 'inherit', timeout: 300_000 });
if (res.status !== 0) warn(`node-gyp exited with ${res.status ?? res.signal ?? res.error}`);
console.log('[tgts] native addon built (AES-NI AES-IGE, UTF-8 decoding).');
