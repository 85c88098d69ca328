#!/usr/bin/env node
// The `tgts` command. The TypeScript sources are compiled to dist/ by `npm run build`.
import('../dist/cli/entry.js').catch((err) => {
  console.error(`tgts: cannot start (${err && err.message ? err.message : err}); run 'npm run build' first`);
  process.exit(1);
});
