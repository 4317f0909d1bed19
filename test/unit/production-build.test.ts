/**
 * What `npm run build` ships: dist/src alone (src/ compiled into dist/tsc/src, then bundled into
 * dist/src/main.js by scripts/bundle.mjs), which runs on the packages in `dependencies` alone (a
 * deployment prunes the dev dependencies: npm prune --omit=dev). Checked on the source text and the build configuration;
 * test/e2e/deploy-without-dev-dependencies.e2e.test.ts runs such a deployment for real, and the
 * tests that spawn `dist/src/main.js` run the bundle.
 */
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { readSourceFiles } from '../support/source-files.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SRC = resolve(ROOT, 'src');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** Every module specifier in a file: static and dynamic imports, re-exports, and `createRequire(...)('x')`. */
function specifiers(text: string): string[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const match of text.matchAll(/createRequire\([^)]*\)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

/** `@scope/name/sub/path` -> `@scope/name`; `name/sub` -> `name`. */
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

const imports = readSourceFiles(SRC).flatMap((file) => specifiers(file.text).map((specifier) => ({ file, specifier })));

describe('the production build', () => {
  it('finds the imports it checks', () => {
    // Guards the checks below against passing on an empty list.
    expect(imports.map((i) => i.specifier)).toEqual(expect.arrayContaining(['livekit-server-sdk', 'reflect-metadata', 'ioredis', 'node:fs']));
  });

  it('imports only packages listed in dependencies, never a devDependency', () => {
    const outside = imports
      .filter(({ specifier }) => !specifier.startsWith('.') && !isBuiltin(specifier))
      .filter(({ specifier }) => !(packageName(specifier) in pkg.dependencies))
      .map(({ file, specifier }) => `${file.path}: ${specifier}${packageName(specifier) in pkg.devDependencies ? ' (a devDependency)' : ''}`);
    expect(outside).toEqual([]);
  });

  it('imports no file outside src/, so dist/src runs on its own', () => {
    const outside = imports
      .filter(({ specifier }) => specifier.startsWith('.'))
      .filter(({ file, specifier }) => relative(SRC, resolve(dirname(file.absolute), specifier)).startsWith('..'))
      .map(({ file, specifier }) => `${file.path}: ${specifier}`);
    expect(outside).toEqual([]);
  });

  it('compiles src/ only, into dist/tsc/src (the bundle step reads it from there)', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, 'tsconfig.build.json'), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    })!;
    expect(parsed.errors).toEqual([]);
    expect(parsed.fileNames.length).toBeGreaterThan(0);
    expect(parsed.fileNames.filter((f) => relative(SRC, f).startsWith('..'))).toEqual([]);
    expect(relative(ROOT, parsed.options.outDir!)).toBe('dist/tsc');
    expect(relative(ROOT, parsed.options.rootDir!)).toBe('');
    expect(readFileSync(resolve(ROOT, 'scripts/bundle.mjs'), 'utf8')).toContain('dist/tsc/src/main.js');
    expect(pkg.scripts.build).toBe('tsc -b tsconfig.build.json && node scripts/bundle.mjs');
  });
});
