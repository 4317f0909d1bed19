/**
 * Module boundaries (the layering of src/), checked on the source text: got only under providers/,
 * jose only in auth/ and the VideoSDK token helper, livekit-server-sdk only under providers/livekit/,
 * process.env only in main.ts, resolvers never reaching into the HTTP layer or provider DTOs, and no
 * import cycle among src/ modules (type-only imports count: they tie the modules' meaning together).
 */
import { posix } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readSourceFiles } from '../support/source-files.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

const files = readSourceFiles(SRC);

function importers(pattern: RegExp): string[] {
  return files.filter((f) => pattern.test(f.text)).map((f) => f.path).sort();
}

describe('module boundaries', () => {
  it('imports got only under providers/', () => {
    expect(importers(/from 'got'/).filter((p) => !p.startsWith('providers/'))).toEqual([]);
  });

  it('imports jose only in auth/ and the VideoSDK token helper', () => {
    expect(importers(/from 'jose'/).filter((p) => !p.startsWith('auth/') && p !== 'providers/videosdk/videosdk.token.ts')).toEqual([]);
  });

  it('imports livekit-server-sdk only under providers/livekit/', () => {
    expect(importers(/from 'livekit-server-sdk'/).filter((p) => !p.startsWith('providers/livekit/'))).toEqual([]);
  });

  it('reads process.env only in main.ts', () => {
    expect(importers(/(?<!`)process\.env/)).toEqual(['main.ts']);
  });

  it('keeps resolvers away from the HTTP layer and provider wire shapes', () => {
    expect(importers(/from '\.\.\/\.\.\/providers\/(http\/|.*\.dto\.js)/).filter((p) => p.startsWith('resolvers/'))).toEqual([]);
  });
});

/** The relative modules a file imports or re-exports (static, side-effect and dynamic forms), as src/ paths. */
function importsOf(path: string, text: string): string[] {
  const specifiers = [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? m[2]);
  return specifiers.map((s) => posix.normalize(posix.join(posix.dirname(path), s)).replace(/\.js$/, '.ts'));
}

/** Every cycle's path (first module repeated at the end), found by depth-first search; [] when there is none. */
function findImportCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import graph', () => {
  const graph = new Map(files.map((f) => [f.path.split('\\').join('/'), importsOf(f.path.split('\\').join('/'), f.text)]));

  it('finds a cycle when there is one (the check itself works)', () => {
    const cyclic = new Map([
      ['config/a.ts', ['policy/b.ts']],
      ['policy/b.ts', ['providers/c.ts']],
      ['providers/c.ts', ['config/a.ts']],
      ['main.ts', ['config/a.ts']],
    ]);
    expect(findImportCycles(cyclic)).toEqual([['config/a.ts', 'policy/b.ts', 'providers/c.ts', 'config/a.ts']]);
    expect(findImportCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('resolves every relative import to a file under src/', () => {
    const unresolved = [...graph].flatMap(([from, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${from} -> ${t}`));
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle among src/ modules', () => {
    expect(findImportCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
