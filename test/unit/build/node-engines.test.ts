/**
 * `npm ci` on the oldest supported Node.js (package.json `engines.node`) prints no EBADENGINE warning:
 * every package in package-lock.json that declares `engines.node` accepts that version. Dev tooling
 * that drifted to newer Node lines is pinned back through package.json `overrides`.
 *
 * The range check covers the forms found in npm `engines` fields (`||` alternatives, space-separated
 * comparators, `>= > <= <`, `^`, `~`, bare or partial versions, `x` and `*`); anything else fails the
 * test rather than passing silently.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

type Version = [number, number, number];

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** `20`, `20.19`, `20.x`, `20.19.0` into the lowest matching version and how many parts were given. */
function parsePartial(text: string): { version: Version; parts: number } {
  const match = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text);
  if (!match) throw new Error(`unrecognised version "${text}"`);
  const nums = match.slice(1).filter((p) => p !== undefined && p !== 'x' && p !== '*').map(Number);
  return { version: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length };
}

function upperOf({ version, parts }: { version: Version; parts: number }): Version {
  if (parts <= 1) return [version[0] + 1, 0, 0];
  return [version[0], version[1] + 1, 0];
}

function satisfiesComparator(v: Version, comparator: string): boolean {
  if (comparator === '*' || comparator === '') return true;
  const match = /^(>=|<=|>|<|\^|~|=)?\s*(.+)$/.exec(comparator)!;
  const op = match[1] ?? '=';
  const partial = parsePartial(match[2]);
  const c = compare(v, partial.version);
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^': {
      const [major, minor] = partial.version;
      const upper: Version = major > 0 ? [major + 1, 0, 0] : minor > 0 ? [0, minor + 1, 0] : [0, 0, partial.version[2] + 1];
      return c >= 0 && compare(v, upper) < 0;
    }
    case '~':
      return c >= 0 && compare(v, upperOf({ version: partial.version, parts: Math.max(partial.parts, 2) })) < 0;
    default:
      return partial.parts === 3 ? c === 0 : c >= 0 && compare(v, upperOf(partial)) < 0;
  }
}

function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((clause) =>
    clause
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => satisfiesComparator(v, comparator)),
  );
}

const pkg = readJson('package.json') as { engines: { node: string } };
const minimum = parsePartial(/^>=\s*([\d.]+)$/.exec(pkg.engines.node)?.[1] ?? 'none').version;

describe('supported Node.js versions', () => {
  it('reads the range checker right', () => {
    expect(satisfies([20, 19, 0], '>=22.15.0')).toBe(false);
    expect(satisfies([20, 19, 0], '^20.17.0 || >=22.9.0')).toBe(true);
    expect(satisfies([20, 19, 0], '^20.19.0 || ^22.12.0 || >=23')).toBe(true);
    expect(satisfies([20, 19, 0], '18 || 20 || >=22')).toBe(true);
    expect(satisfies([20, 19, 0], '>=23.5.0 || ^22.13.0 || ^20.17.0')).toBe(true);
    expect(satisfies([20, 19, 0], '>= 18')).toBe(true);
    expect(satisfies([20, 19, 0], '>=14 <20')).toBe(false);
    expect(satisfies([20, 19, 0], '~20.18.1')).toBe(false);
    expect(satisfies([20, 19, 0], '*')).toBe(true);
  });

  it('states the oldest supported version as ">=" in package.json', () => {
    expect(minimum[0]).toBeGreaterThanOrEqual(20);
  });

  it('locks no package whose engines exclude the oldest supported Node.js (no EBADENGINE on npm ci)', () => {
    const lock = readJson('package-lock.json') as { packages: Record<string, { version?: string; engines?: unknown }> };
    const refusing = Object.entries(lock.packages)
      .filter(([path, info]) => path !== '' && typeof (info.engines as { node?: unknown } | undefined)?.node === 'string')
      .filter(([, info]) => !satisfies(minimum, (info.engines as { node: string }).node))
      .map(([path, info]) => `${path.replace(/^.*node_modules\//, '')}@${info.version} wants node ${(info.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
