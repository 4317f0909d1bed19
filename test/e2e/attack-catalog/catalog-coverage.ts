/**
 * Reads the project's attack catalog (test/security/attack-catalog.json) and the coverage table in docs/security.md. Used by the e2e run
 * (which executes the tested cases) and by a unit test (which keeps the table, the catalog and the
 * implemented checks in step).
 */
import { readFileSync } from 'node:fs';

export interface CatalogEntry {
  id: string;
  area: string;
  input: string;
  expected: string;
}

/** One row of the coverage table: `tested`, `not applicable`, `pending: policy issue` or `covered elsewhere`. */
export interface CoverageRow {
  id: string;
  status: string;
  how: string;
}

/** The catalog is part of the repository, so a bare clone can run it. */
export const CATALOG_URL = new URL('../../security/attack-catalog.json', import.meta.url);
export const SECURITY_DOC_URL = new URL('../../../docs/security.md', import.meta.url);

export function loadCatalog(): CatalogEntry[] {
  return JSON.parse(readFileSync(CATALOG_URL, 'utf8')) as CatalogEntry[];
}

export const COVERAGE_STATUSES = ['tested', 'not applicable', 'pending: policy issue', 'covered elsewhere'] as const;

/** Rows of the form `| AUTH-01 | tested | how or why |` from docs/security.md. */
export function loadCoverage(): CoverageRow[] {
  const doc = readFileSync(SECURITY_DOC_URL, 'utf8');
  return [...doc.matchAll(/^\| ([A-Z]+-\d{2}) \| ([^|]+?) \| (.+?) \|$/gm)].map((m) => ({ id: m[1], status: m[2], how: m[3] }));
}
