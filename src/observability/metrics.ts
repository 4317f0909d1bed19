import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderName } from '../errors/error-codes.js';

/** Circuit states as the `callgate_provider_circuit_state` gauge reports them. */
export const CIRCUIT_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
export type CircuitStateName = keyof typeof CIRCUIT_STATE_VALUE;

/**
 * What became of a webhook delivery, as `callgate_webhook_deliveries_total` labels it: `accepted` (an
 * event was published), `duplicate` (a retry or replay of one already processed), `stale` (its room
 * life already finished), `ignored` (an event type the gateway does not track); refused with no event:
 * `rejected_auth` (401), `malformed` (400), `too_large` (413), `unsupported_media_type` (415),
 * `unavailable` (503: the shared store or the provider's key could not be reached; the provider
 * retries), `error` (500).
 */
export const WEBHOOK_OUTCOMES = [
  'accepted',
  'duplicate',
  'stale',
  'ignored',
  'rejected_auth',
  'malformed',
  'too_large',
  'unsupported_media_type',
  'unavailable',
  'error',
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/**
 * The gateway's Prometheus metrics, in a registry of its own (never prom-client's global one), so
 * several gateways in one process (tests) do not clash. Every label value comes from a closed set:
 * root field names of the schema, error codes, provider names; never a client-chosen string.
 */
export interface GatewayMetrics {
  registry: Registry;
  /** GraphQL requests by root field (`operation`) and outcome code (`OK` or the first error code). */
  requests: Counter<'operation' | 'outcome'>;
  requestDuration: Histogram<'operation' | 'outcome'>;
  /** One observation per HTTP attempt to a provider; `result` is `ok`, `client_error` or a failure reason. */
  providerDuration: Histogram<'provider' | 'operation' | 'result'>;
  /** Failed provider attempts and refusals by reason (timeout, network, http_5xx, http_429, ...). */
  providerErrors: Counter<'provider' | 'operation' | 'reason'>;
  providerRetries: Counter<'provider' | 'operation'>;
  /** 0 closed, 1 half-open, 2 open. */
  circuitState: Gauge<'provider'>;
  /**
   * Requests refused by a budget, by scope (`caller`, `ip`, `auth`, `in_flight`); incremented where each
   * refusal is decided: the rate-limit-charge plugin, the context (auth failures) and ProviderHttp (in flight).
   */
  rateLimitRefusals: Counter<'scope'>;
  /** Webhook deliveries by provider and outcome (one of WEBHOOK_OUTCOMES). */
  webhookDeliveries: Counter<'provider' | 'outcome'>;
  /** Room events published to subscribers, by provider and RoomEvent type. */
  roomEventsPublished: Counter<'provider' | 'type'>;
  /**
   * What published events did to the gateway's room records, by provider and result: `applied`,
   * `stale` (a finished life: nothing changed), `no_record` (a room the gateway did not create).
   */
  roomLiveUpdates: Counter<'provider' | 'result'>;
  /** Sets the circuit gauge for a provider. */
  setCircuitState(provider: ProviderName, state: CircuitStateName): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  // Process metrics (RSS, heap, event-loop lag, open handles) for the same scrape.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const circuitState = new Gauge({
    name: 'callgate_provider_circuit_state',
    help: 'Circuit breaker state per provider: 0 closed, 1 half-open, 2 open.',
    labelNames: ['provider'] as const,
    registers,
  });

  return {
    registry,
    requests: new Counter({
      name: 'callgate_graphql_requests_total',
      help: 'GraphQL requests by root field and outcome code.',
      labelNames: ['operation', 'outcome'] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: 'callgate_graphql_request_duration_seconds',
      help: 'GraphQL request latency by root field and outcome code.',
      labelNames: ['operation', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    providerDuration: new Histogram({
      name: 'callgate_provider_request_duration_seconds',
      help: 'Latency of each HTTP attempt to a provider.',
      labelNames: ['provider', 'operation', 'result'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    providerErrors: new Counter({
      name: 'callgate_provider_errors_total',
      help: 'Failed provider attempts and calls refused by an open circuit, by reason.',
      labelNames: ['provider', 'operation', 'reason'] as const,
      registers,
    }),
    providerRetries: new Counter({
      name: 'callgate_provider_retries_total',
      help: 'Provider calls repeated after a transient failure.',
      labelNames: ['provider', 'operation'] as const,
      registers,
    }),
    circuitState,
    rateLimitRefusals: new Counter({
      name: 'callgate_rate_limit_refusals_total',
      help: 'Requests refused by a rate limit.',
      labelNames: ['scope'] as const,
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'callgate_webhook_deliveries_total',
      help: 'Provider webhook deliveries by provider and outcome.',
      labelNames: ['provider', 'outcome'] as const,
      registers,
    }),
    roomEventsPublished: new Counter({
      name: 'callgate_room_events_published_total',
      help: 'Room events published from webhooks, by provider and event type.',
      labelNames: ['provider', 'type'] as const,
      registers,
    }),
    roomLiveUpdates: new Counter({
      name: 'callgate_room_live_updates_total',
      help: 'Room record live-state updates from published events, by provider and result.',
      labelNames: ['provider', 'result'] as const,
      registers,
    }),
    setCircuitState(provider, state) {
      circuitState.set({ provider }, CIRCUIT_STATE_VALUE[state]);
    },
  };
}
