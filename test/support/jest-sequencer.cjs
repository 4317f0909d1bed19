/**
 * jest's test order, with estimates for a cold cache.
 *
 * jest starts the files it knows to be slow first (durations from its cache of earlier runs), so the
 * last minutes are not spent waiting on one long file. On a fresh clone there is no such cache, and
 * jest falls back to file size: the attack-catalog parts, small files whose cases live elsewhere, then
 * start last and run alone at the end (about 4 s of a 37 s run here). A file jest has no duration for
 * gets the estimate below instead (seconds measured on a 2-core machine with four workers), so the
 * first run of a clone is ordered as well as the later ones. Durations jest has measured always win.
 */
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

/** Files that take several seconds, by name (the rest: by project). */
const KNOWN_LONG = [
  [/provider-faults\.e2e/, 12],
  [/web-example\.test/, 10],
  [/\/moderation\.e2e/, 10],
  [/attack-catalog-jwks\.e2e/, 8],
  [/attack-catalog-(provider|requests)\.e2e/, 5],
  [/attack-catalog-operations\.e2e/, 4],
  [/deploy-without-dev-dependencies\.e2e/, 4],
  [/provider-resilience\.e2e/, 3.5],
  [/attack-catalog-auth\.e2e|redis-replicas\.e2e|production-mode\.e2e/, 3],
  [/graceful-shutdown\.e2e|room-store\.test/, 2.5],
];
const BY_PROJECT = { browser: 8, e2e: 1.5, integration: 1, unit: 0.3 };

class CallgateSequencer extends Sequencer {
  time(test) {
    const measured = super.time(test);
    if (measured != null) return measured;
    const known = KNOWN_LONG.find(([pattern]) => pattern.test(test.path));
    if (known) return known[1] * 1000;
    const project = test.context.config.displayName?.name;
    return (BY_PROJECT[project] ?? 1) * 1000;
  }
}

module.exports = CallgateSequencer;
