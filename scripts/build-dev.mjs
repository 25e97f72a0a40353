/**
 * `npm run dev` and `npm run demo` run JavaScript built here, not TypeScript through tsx: tsx keeps its loader
 * and every transformed source in the process, 30-45 MB of its RSS (measured by bench:ingest: a 100,000-lead
 * ingest peaked at 378 MB built, 410 MB under tsx). esbuild transpiles each file as tsx would (no bundling, no
 * type check: `npm run typecheck` does that) in well under a second, so starting stays instant.
 * Usage: node scripts/build-dev.mjs [more entry points…]; the output mirrors the repository under .dev-build/.
 */
import { build } from 'esbuild';
import process from 'node:process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: ['src/**/*.ts', ...process.argv.slice(2)],
  outdir: '.dev-build',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Stack traces name the TypeScript lines (node --enable-source-maps).
  sourcemap: true,
  logLevel: 'warning',
});
