/**
 * The attack catalog belongs to the repository: a bare clone must be able to run `npm test`, so the
 * catalog is read from test/security/ and nothing in the tree points at material outside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CATALOG_URL, loadCatalog } from '../../e2e/attack-catalog/catalog-coverage.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SKIP = new Set(['node_modules', 'dist', 'dist-tools', '.git', 'coverage']);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (!name.endsWith('.json') || name === 'attack-catalog.json') yield path;
  }
}

/** A folder named `shared` one level up, or the reference notes kept there (spelled in pieces so this file does not match itself). */
const OUTSIDE = new RegExp(['/work/' + 'shared', '\\.\\./' + 'shared', 'threats-and-' + 'faults', 'STYLE' + '\\.md'].join('|'));

/** A parent-relative `shared/` module specifier is fine inside src/ (src/shared is a real folder), nowhere else. */
function outsideReferences(path: string): string[] {
  const rel = relative(ROOT, path);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => OUTSIDE.test(line))
    .filter((line) => !(rel.startsWith('src/') && /from '(\.\.\/)+shared\/[\w.-]+\.js'/.test(line)))
    .map((line) => `${rel}: ${line.trim()}`);
}

describe('attack catalog in the repository', () => {
  it('is read from test/security/attack-catalog.json', () => {
    expect(relative(ROOT, CATALOG_URL.pathname)).toBe('test/security/attack-catalog.json');
  });

  it('has unique ids, one known area per prefix, and every field filled in', () => {
    const catalog = loadCatalog();
    expect(new Set(catalog.map((c) => c.id)).size).toBe(catalog.length);
    const areaOfPrefix = new Map<string, string>();
    for (const entry of catalog) {
      expect(entry.id).toMatch(/^[A-Z]+-\d{2}$/);
      for (const field of ['area', 'input', 'expected'] as const) expect([entry.id, field, entry[field].trim().length > 0]).toEqual([entry.id, field, true]);
      const prefix = entry.id.split('-')[0];
      expect([entry.id, areaOfPrefix.get(prefix) ?? entry.area]).toEqual([entry.id, entry.area]);
      areaOfPrefix.set(prefix, entry.area);
    }
  });

  it('nothing in the tree refers to material beside the repository', () => {
    const hits = [...files(ROOT)].flatMap(outsideReferences);
    expect(hits).toEqual([]);
  });
});
