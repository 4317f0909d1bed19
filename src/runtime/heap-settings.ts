import { setFlagsFromString } from 'node:v8';

/**
 * V8 heap settings for the gateway process, applied by main.ts before any other module is
 * evaluated (this module is its first import). Only the entry point imports it: tests and tools
 * that build a gateway in-process keep V8's defaults.
 *
 * Why (measured in docs/performance.md): the gateway's live heap is small (about 25-35 MiB after
 * 150,000 requests from 20,000-caller sets, most of it code and the verified-token cache), but its RSS was
 * 160-250 MiB under load and about 96 MiB idle. Both came from V8 sizing the heap, not from what it holds:
 * - start-up allocates a lot of long-lived objects at once (module code, the schema), which makes V8
 *   double the young generation at each scavenge up to its maximum (2 x 16 MiB), although an idle
 *   gateway then uses about 4 MiB of it; V8 shrinks it again only after about 30 s of quiet.
 * - under load, V8 lets the old generation grow to up to four times the live data between full
 *   collections when the machine has memory to spare.
 * Only flags that V8 reads at each collection are set here (the heap's maximum sizes are fixed when
 * the process starts, so `node dist/src/main.js` could not take them from here).
 */

/**
 * The old generation grows to 1.5 x the live data between full collections (V8 picks 1.1-4 x by itself).
 * 30 (1.3 x, V8's own choice when it optimises for memory) cost 17-20% more CPU per request in full
 * collections, and 100 (2 x) left RSS above its 160 MiB target after load (docs/performance.md,
 * "CPU per request since beeff70").
 */
const HEAP_GROWING_PERCENT = 50;
/** V8's default factor by which the young generation grows when collections find it full. */
const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
// During start-up the young generation keeps its initial size; see startUpComplete.
setFlagsFromString('--semi-space-growth-factor=1');

/**
 * Called once the gateway listens: from now on the young generation may grow again as load needs
 * (a small one under load costs CPU: more scavenges, more objects promoted).
 */
export function startUpComplete(): void {
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`);
}
