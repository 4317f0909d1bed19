import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import { createRequestRecord, type RequestRecord } from '../context/request-record.js';
import type { GatewayMetrics } from '../observability/metrics.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Facts about this request, filled in as it runs; see RequestRecord. */
    callgate: RequestRecord;
  }
}

/**
 * One structured log line and the request metrics per /graphql request, written when the response
 * has been sent, whatever ended it (a GraphQL result, a 401 from the context, a 413 from the body
 * parser, a CSRF refusal). Fields: reqId (from x-request-id or generated), callerId, operation,
 * operationName, outcome, status, durationMs, provider, providerLatencyMs, providerCalls.
 * Health, readiness and metrics requests are not logged. The line is written by the root logger with
 * `reqId` as a field (no per-request child logger).
 */
export function observeRequests(app: FastifyInstance, metrics: GatewayMetrics, logger: Logger): void {
  app.decorateRequest('callgate', null as unknown as RequestRecord);
  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onRequest', (request, reply, done) => {
    request.callgate = createRequestRecord();
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    try {
      if (request.routeOptions.url === '/graphql') record(request, reply.statusCode, reply.elapsedTime);
    } finally {
      done();
    }
  });

  // Label values come from closed sets (root fields x codes), so the bound children stay few.
  const bound = new Map<string, { counter: Counter.Internal; histogram: Histogram.Internal<'operation' | 'outcome'> }>();
  const metricsFor = (operation: string, outcome: string) => {
    const key = `${operation}\u0000${outcome}`;
    let children = bound.get(key);
    if (!children) {
      children = { counter: metrics.requests.labels({ operation, outcome }), histogram: metrics.requestDuration.labels({ operation, outcome }) };
      bound.set(key, children);
    }
    return children;
  };

  function record(request: FastifyRequest, status: number, durationMs: number): void {
    const facts = request.callgate;
    const outcome = facts.outcome ?? (status < 400 ? 'OK' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
    const operation = facts.operation ?? 'none';
    const { counter, histogram } = metricsFor(operation, outcome);
    counter.inc();
    histogram.observe(durationMs / 1000);

    const calls = facts.providerCalls;
    logger.info(
      {
        reqId: request.id,
        callerId: facts.callerId,
        operation,
        operationName: facts.operationName,
        outcome,
        status,
        durationMs: Math.round(durationMs),
        ...(calls.length
          ? {
              provider: [...new Set(calls.map((c) => c.provider))].join(','),
              providerLatencyMs: calls.reduce((sum, c) => sum + c.durationMs, 0),
              providerCalls: calls.length,
            }
          : {}),
      },
      'graphql request',
    );
  }
}
