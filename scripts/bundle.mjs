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
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/src`;

/** Loaded only when the configuration asks for it, or optional native helpers of a package. */
const EXTERNAL = ['ioredis', 'bufferutil', 'utf-8-validate'];

/**
 * class-validator's CommonJS entry loads every one of its ~150 validators at start-up (among them
 * validator.js's semantic-version regex and libphonenumber's metadata: a fifth of the bundle's start-up
 * CPU). Its ES module build declares itself free of side effects, so the bundle takes that build and
 * keeps only the validators the gateway imports. type-graphql's own `await import('class-validator')`
 * (which would keep all of them) runs only without a `validateFn`, and the gateway always passes one
 * (src/schema/build-schema.ts): it stays outside the bundle, resolved from node_modules if ever reached.
 * One copy either way: class-validator keeps its metadata storage on the global object.
 */
const classValidatorEsm = {
  name: 'class-validator-esm',
  setup(bundle) {
    const manifest = createRequire(import.meta.url).resolve('class-validator/package.json');
    const entry = join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).es2015);
    bundle.onResolve({ filter: /^class-validator$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: 'class-validator', external: true } : { path: entry },
    );
  },
};

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
  plugins: [classValidatorEsm],
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

/**
 * `keepNames` makes esbuild call its `__name(fn, "name")` helper for every function and class, also each
 * time a closure is created: per request in Fastify, Apollo, pino, class-validator and our own code.
 * Its `Object.defineProperty` on every new closure cost about 5% of the gateway's busy time under load
 * (docs/performance.md, "Where the time goes in the final code"), although V8 has already given the
 * closure that same name in nearly every case. The helper is replaced by one that defines the name only
 * when it differs (the same property either way), padded to the same length so the source map stays right.
 */
const bundled = `${outdir}/main.js`;
const NAME_HELPER = 'var __name=(target,value)=>__defProp(target,"name",{value,configurable:!0})';
const CHEAP_NAME_HELPER = 'var __name=(t,v)=>t.name===v?t:__defProp(t,"name",{value:v,configurable:1})';
const code = readFileSync(bundled, 'utf8');
if (code.indexOf(NAME_HELPER) === -1 || code.indexOf(NAME_HELPER) !== code.lastIndexOf(NAME_HELPER)) {
  throw new Error(`bundle: esbuild's __name helper is not there once as expected (${NAME_HELPER}); check scripts/bundle.mjs`);
}
writeFileSync(bundled, code.replace(NAME_HELPER, CHEAP_NAME_HELPER.padEnd(NAME_HELPER.length, ' ')));
