#!/usr/bin/env node
/**
 * `npm run build:tools`: the development tools (scripts/, bench/, the test doubles and helpers they
 * share with the tests, the generated client) into dist-tools/, beside the production build.
 *
 * The tools are translated file by file with esbuild, which only removes the types: `npm run
 * typecheck` (tsconfig.json covers scripts/, bench/ and test/) is what checks them. The gateway's own
 * modules are not compiled a second time: `dist-tools/src` is a link to the production build's
 * `dist/tsc/src` (what tsc compiled, decorator metadata included), so `../src/x.js` imports resolve
 * there. `npm run build:tools` runs tsc on src/ first, so the link always has something to point to.
 * Compiling src/ twice (once for the tools) took as long as the production build itself.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist-tools');
const compiledSrc = join(root, 'dist', 'tsc', 'src');

/** Folders whose TypeScript files are tools or what the tools import (outside src/). */
const TOOL_DIRS = ['scripts', 'bench', 'test/support', 'client/generated'];

/** Every .ts file under dir (declaration files aside). */
function typescriptFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

if (!existsSync(join(compiledSrc, 'main.js'))) {
  console.error(`build-tools: ${relative(root, compiledSrc)} is missing: run tsc -b tsconfig.build.json (npm run build) first`);
  process.exit(1);
}

// A fresh folder each time: no module left over from a file that was removed or renamed.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: TOOL_DIRS.flatMap((dir) => typescriptFiles(join(root, dir))),
  outdir,
  outbase: root,
  bundle: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});

mkdirSync(outdir, { recursive: true });
symlinkSync(relative(outdir, compiledSrc), join(outdir, 'src'), 'dir');
