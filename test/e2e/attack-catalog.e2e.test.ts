/**
 * The project's attack and fault catalog (test/security/attack-catalog.json): every case that applies
 * has an executable check against real gateways and provider doubles, run by the
 * attack-catalog-*.e2e.test.ts files (one part each, so they run side by side); every other case is
 * listed with its reason in docs/security.md. A case that is neither fails this file, which ends with
 * one line: how many cases have a check and how many are documented instead.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { CATALOG_CHECKS } from './attack-catalog/catalog-checks.js';
import { CATALOG_PARTS } from './attack-catalog/catalog-parts.js';
import { loadCatalog, loadCoverage } from './attack-catalog/catalog-coverage.js';

const catalog = loadCatalog();
const documented = new Map(loadCoverage().filter((r) => r.status !== 'tested').map((r) => [r.id, r]));

describe('attack catalog', () => {
  afterAll(() => {
    const checked = catalog.filter((entry) => CATALOG_CHECKS[entry.id]).length;
    const notes = catalog.filter((entry) => !CATALOG_CHECKS[entry.id] && documented.has(entry.id)).length;
    process.stdout.write(
      `\nattack catalog: ${checked} cases with an executable check (attack-catalog-*.e2e.test.ts), ${notes} documented as not applicable or covered elsewhere (docs/security.md)\n\n`,
    );
  });

  it('runs every executable check in exactly one part', () => {
    const ids = catalog.map((entry) => entry.id).filter((id) => CATALOG_CHECKS[id]);
    expect(ids.map((id) => [id, CATALOG_PARTS.filter((part) => part.checks[id] && part.select(id)).length])).toEqual(ids.map((id) => [id, 1]));
  });

  for (const entry of catalog) {
    if (CATALOG_CHECKS[entry.id] || documented.has(entry.id)) continue;
    it(`${entry.id} has an executable check or a reason in docs/security.md`, () => {
      throw new Error(`${entry.id} is neither implemented in test/e2e/attack-catalog/ nor documented in docs/security.md`);
    });
  }
});
