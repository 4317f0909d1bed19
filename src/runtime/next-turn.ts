/**
 * Batching requests on the event loop.
 *
 * Under load many requests arrive together, but Node runs each from its socket read to its response
 * before it starts the next, and each runs through the whole stack (HTTP parser, Fastify, Apollo,
 * graphql-js, class-validator, jose, pino). Waiting one turn of the event loop (`setImmediate`) at two
 * points lets the requests of one turn do each stage one after the other instead: every request read
 * in a turn is parsed before any of them runs its handler (the `preHandler` hook in
 * server/create-gateway.ts), and every caller verification that completes in a turn (WebCrypto
 * answers each on its own callback) is in before any of them executes (context/build-context.ts). The
 * same code then runs many times in a row while it is in the CPU's caches. Measured same-run, build
 * against build (docs/performance.md): 16–27% less CPU per request on the token rows. What it costs is
 * one event-loop turn per point, a few microseconds, on a request that arrives alone.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The same wait as a Fastify hook (`preHandler`), without a promise. */
export function nextTurnHook(_request: unknown, _reply: unknown, done: () => void): void {
  setImmediate(done);
}
