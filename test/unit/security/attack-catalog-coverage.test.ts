import { describe, expect, it } from '@jest/globals';
import { CATALOG_CHECKS } from '../../e2e/attack-catalog/catalog-checks.js';
import { COVERAGE_STATUSES, loadCatalog, loadCoverage } from '../../e2e/attack-catalog/catalog-coverage.js';

describe('attack catalog coverage', () => {
  const catalog = loadCatalog();
  const rows = loadCoverage();

  it('lists every catalog id exactly once in docs/security.md, and nothing else', () => {
    expect(rows.map((r) => r.id)).toEqual(catalog.map((c) => c.id));
  });

  it('gives every row a known status and a reason or a description', () => {
    for (const row of rows) {
      expect([row.id, COVERAGE_STATUSES.includes(row.status as never)]).toEqual([row.id, true]);
      expect(row.how.length).toBeGreaterThan(20);
    }
  });

  it('has an executable check exactly for the rows marked tested', () => {
    const tested = rows.filter((r) => r.status === 'tested').map((r) => r.id).sort();
    expect(Object.keys(CATALOG_CHECKS).sort()).toEqual(tested);
  });
});
