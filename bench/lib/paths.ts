// Where things are, from the compiled bench (bench/dist/lib/*.js).
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));
/** bench/ (sources, results, report). */
export const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** bench/dist/ (compiled scripts that are spawned). */
export const BENCH_DIST_DIR = fileURLToPath(new URL('../', import.meta.url));
/**
 * The built server, as `npm run build` leaves it; `KEFU_BENCH_SERVER` may name another build's
 * main.js (to compare two builds, or to bench a snapshot while the work tree is being edited).
 */
export const SERVER_MAIN = process.env.KEFU_BENCH_SERVER || fileURLToPath(new URL('../../../apps/server/dist/main.js', import.meta.url));
