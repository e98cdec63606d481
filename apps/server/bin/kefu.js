#!/usr/bin/env node
// The `kefu` command. The CLI itself is compiled TypeScript (dist/cli.js); this launcher is in the
// repository from the start, so `npm install` on a fresh clone links `kefu` before any build, and
// `npx kefu` works from the repository root once `npm run build` has run.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('kefu: the server is not built yet; run `npm run build` in the repository root first\n');
  process.exit(1);
}
await import(cli.href);
