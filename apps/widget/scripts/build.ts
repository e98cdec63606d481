// Builds the widget into dist/: widget.js (the loader), widget/ (the framed app: hashed script and
// style, frame.html), demo.html; prints the gzipped sizes and fails when one is over its budget.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { BUDGET_GZIP_BYTES, formatReport, overBudget, type BundleName, type SizeReport } from './budget.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const REPO = path.join(ROOT, '../..');

const common: esbuild.BuildOptions = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundle the workspace packages from source: the widget build needs no other build first.
  alias: {
    '@kefu/protocol': path.join(REPO, 'packages/protocol/src/index.ts'),
    '@kefu/client': path.join(REPO, 'packages/client/src/index.ts'),
  },
};

function gzipBytes(file: string): { bytes: number; gzipBytes: number } {
  const body = readFileSync(file);
  return { bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
}

function measure(name: BundleName, files: string[]) {
  const sizes = files.map((f) => gzipBytes(path.join(DIST, f)));
  return {
    name,
    files,
    bytes: sizes.reduce((s, x) => s + x.bytes, 0),
    gzipBytes: sizes.reduce((s, x) => s + x.gzipBytes, 0),
    budgetGzipBytes: BUDGET_GZIP_BYTES[name],
  };
}

async function main(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(path.join(DIST, 'widget'), { recursive: true });

  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/loader/loader.ts')], outfile: path.join(DIST, 'widget.js') });
  const app = await esbuild.build({
    ...common,
    entryPoints: { app: path.join(ROOT, 'src/app/main.ts') },
    outdir: path.join(DIST, 'widget'),
    entryNames: '[name]-[hash]',
    metafile: true,
  });
  const outputs = Object.keys(app.metafile.outputs).map((f) => path.basename(f));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  if (!js || !css) throw new Error(`the app build made no script or no style: ${outputs.join(', ')}`);

  const frame = readFileSync(path.join(ROOT, 'src/app/frame.html'), 'utf8').replace('%APP_JS%', js).replace('%APP_CSS%', css);
  writeFileSync(path.join(DIST, 'widget/frame.html'), frame);
  writeFileSync(path.join(DIST, 'demo.html'), readFileSync(path.join(ROOT, 'src/demo/demo.html')));

  const report: SizeReport = {
    builtAt: new Date().toISOString(),
    bundles: [measure('loader', ['widget.js']), measure('app', [`widget/${js}`, `widget/${css}`, 'widget/frame.html'])],
  };
  writeFileSync(path.join(DIST, 'size-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\n`);
  const over = overBudget(report);
  if (over.length > 0) {
    process.stderr.write(`widget build failed: over budget: ${over.map((b) => b.name).join(', ')}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`widget build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
