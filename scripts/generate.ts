/**
 * `npm run generate`: parses schema/*.tl and writes src/tl/generated/ (gitignored).
 * To update the layer: replace schema/telegram.tl and run this again.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../src/tl/gen/generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src/tl/generated');

const out = generate({
  api: readFileSync(join(root, 'schema/telegram.tl'), 'utf8'),
  mt: readFileSync(join(root, 'schema/mt.tl'), 'utf8'),
  e2e: readFileSync(join(root, 'schema/encrypted.tl'), 'utf8'),
  errors: JSON.parse(readFileSync(join(root, 'data/errors.json'), 'utf8')),
});

rmSync(outDir, { recursive: true, force: true });
for (const [rel, content] of out.files) {
  const path = join(outDir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
const counts = out.models.map((m) => `${m.key}: ${m.constructors.length} constructors, ${m.methods.length} methods`).join('; ');
console.log(`generated ${out.files.size} files in src/tl/generated (layer ${out.schemas.api.layer}; ${counts})`);
