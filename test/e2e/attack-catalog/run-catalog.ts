/**
 * Runs one part of the attack catalog as a table: every catalog entry (in catalog order) whose id has
 * a check in `checks` and passes `select` becomes one test against a fresh catalog environment (real
 * gateways and provider doubles, started once for the part). The catalog is split into parts, one
 * per test file, so jest can run them side by side; each case stands alone, whatever part or order
 * it runs in. The part ends with one line: how many of its cases ran and passed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createCatalogEnv, type CatalogChecks, type CatalogEnv } from './catalog-env.js';
import { loadCatalog } from './catalog-coverage.js';

export function describeCatalogPart(part: string, checks: CatalogChecks, select: (id: string) => boolean = () => true): void {
  const entries = loadCatalog().filter((entry) => checks[entry.id] && select(entry.id));
  const tally = { ran: 0, passed: 0 };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  describe(`attack catalog (${part})`, () => {
    let env: CatalogEnv;

    beforeAll(async () => {
      process.on('unhandledRejection', onUnhandled);
      env = await createCatalogEnv();
    }, 30_000);
    beforeEach(() => {
      env.rig.reset();
      env.livekitRoomService.reset();
    });
    afterAll(async () => {
      process.off('unhandledRejection', onUnhandled);
      await env?.closeAll();
      process.stdout.write(`\nattack catalog (${part}): ${tally.ran} cases ran, ${tally.passed} passed\n\n`);
    });

    it('has cases', () => {
      expect(entries.length).toBeGreaterThan(0);
    });

    for (const entry of entries) {
      const title = `${entry.id}: ${entry.input.length > 90 ? `${entry.input.slice(0, 87)}...` : entry.input}`;
      it(
        title,
        async () => {
          tally.ran += 1;
          await checks[entry.id](env);
          expect(unhandled).toEqual([]);
          tally.passed += 1;
        },
        30_000,
      );
    }
  });
}
