#!/usr/bin/env node
/**
 * The second step of `npm run build`: bundles what TypeScript compiled (dist/tsc/src, every module
 * of the gateway) together with the packages it imports into one file, dist/src/main.js, which is
 * what `npm start` and a deployment run. Node then reads and compiles one file at start-up instead
 * of about 2,000 (module resolution and loading were most of the start-up time: docs/performance.md).
 *
 * It bundles the compiled JavaScript, not the TypeScript: tsc has already written the decorator
 * metadata type-graphql reads. `keepNames` keeps every class's and function's `name` (type-graphql
 * names GraphQL types after classes, and a bundle renames clashing identifiers). Packages that are
 * loaded only when configured (ioredis, with REDIS_URL) stay outside and load from node_modules.
 * The deployment still installs the production dependencies: anything left outside resolves there.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/src`;

/** Loaded only when the configuration asks for it, or optional native helpers of a package. */
export const EXTERNAL = ['ioredis', 'bufferutil', 'utf-8-validate'];

// Nothing else is shipped in dist/src: no module left over from an earlier, unbundled build.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [`${root}dist/tsc/src/main.js`],
  outfile: `${outdir}/main.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  keepNames: true,
  // Less text for V8 to parse at start-up; identifiers are kept (stack traces and logs stay readable).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has no require.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
});
