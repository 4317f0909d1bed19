/**
 * The project's attack and fault catalog (test/security/attack-catalog.json), run as a table: every
 * case that applies has an executable check against real gateways and provider doubles; every other
 * case is listed with its reason in docs/security.md. A case that is neither fails this file. The run
 * ends with one line: how many cases ran, how many passed, how many are documented instead.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CATALOG_CHECKS } from './attack-catalog/catalog-checks.js';
import { createCatalogEnv, type CatalogEnv } from './attack-catalog/catalog-env.js';
import { loadCatalog, loadCoverage } from './attack-catalog/catalog-coverage.js';

const catalog = loadCatalog();
const documented = new Map(loadCoverage().filter((r) => r.status !== 'tested').map((r) => [r.id, r]));
const tally = { ran: 0, passed: 0, documented: 0 };
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

describe('attack catalog', () => {
  let env: CatalogEnv;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    env = await createCatalogEnv();
  }, 30_000);
  beforeEach(() => env.rig.reset());
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await env?.closeAll();
    process.stdout.write(
      `\nattack catalog: ${tally.ran} cases ran, ${tally.passed} passed, ${tally.documented} documented as not applicable or covered elsewhere (docs/security.md)\n\n`,
    );
  });

  for (const entry of catalog) {
    const check = CATALOG_CHECKS[entry.id];
    const title = `${entry.id}: ${entry.input.length > 90 ? `${entry.input.slice(0, 87)}...` : entry.input}`;
    if (check) {
      it(
        title,
        async () => {
          tally.ran += 1;
          await check(env);
          expect(unhandled).toEqual([]);
          tally.passed += 1;
        },
        30_000,
      );
    } else if (documented.has(entry.id)) {
      tally.documented += 1;
    } else {
      it(`${entry.id} has an executable check or a reason in docs/security.md`, () => {
        throw new Error(`${entry.id} is neither implemented in test/e2e/attack-catalog/ nor documented in docs/security.md`);
      });
    }
  }
});
