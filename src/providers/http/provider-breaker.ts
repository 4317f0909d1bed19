import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from 'pino';
import type { ProviderName } from '../../errors/error-codes.js';
import { ProviderUnavailableError } from '../../errors/gateway-errors.js';
import type { CircuitStateName, GatewayMetrics } from '../../observability/metrics.js';

/**
 * Thrown inside a breaker-guarded attempt to say "this attempt failed in a way that says the provider
 * is unwell" (5xx, timeout, reset, refused, 401/403, 429). Anything else thrown passes through the
 * breaker without counting, so a client's own mistakes (400/404/409) never open a circuit.
 */
export class ProviderFaultSignal extends Error {
  constructor(readonly fault: unknown) {
    super('provider fault');
    this.name = 'ProviderFaultSignal';
  }
}

export interface ProviderBreakerOptions {
  threshold: number;
  halfOpenMs: number;
}

/**
 * One circuit breaker per provider (cockatiel's consecutive-failure breaker). After `threshold`
 * consecutive faults the circuit opens and calls fail at once with PROVIDER_UNAVAILABLE; after
 * `halfOpenMs` the next call is let through as a probe, which closes the circuit on success and
 * reopens it on a fault. While a probe is in flight, other calls are refused at once rather than
 * queued behind it (cockatiel would make them wait for the probe).
 */
export class ProviderBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(
    readonly provider: ProviderName,
    private readonly options: ProviderBreakerOptions,
    metrics: GatewayMetrics,
    logger: Logger,
  ) {
    this.policy = circuitBreaker(
      handleWhen((error) => error instanceof ProviderFaultSignal),
      { halfOpenAfter: options.halfOpenMs, breaker: new ConsecutiveBreaker(options.threshold) },
    );
    metrics.setCircuitState(provider, 'closed');
    this.policy.onStateChange((state) => {
      const name = toStateName(state);
      if (name === 'open') this.openedAt = Date.now();
      metrics.setCircuitState(provider, name);
      const level = name === 'open' ? 'error' : 'warn';
      logger[level]({ provider, circuit: name, alert: name === 'open' ? 'provider_circuit_open' : undefined }, `${provider} circuit ${name}`);
    });
  }

  /** The state as an operator reads it: `open` only while the circuit is still refusing calls. */
  get state(): CircuitStateName {
    const name = toStateName(this.policy.state);
    // cockatiel moves to half-open lazily, on the next call; report it as soon as a probe would be allowed,
    // so a readiness probe does not keep a replica out of traffic that would close the circuit.
    if (name === 'open' && Date.now() - this.openedAt >= this.options.halfOpenMs) return 'half-open';
    return name;
  }

  /** Whether a call made now would be refused without reaching the provider. */
  get refusing(): boolean {
    const raw = this.policy.state;
    return raw === CircuitState.HalfOpen || (raw === CircuitState.Open && this.state === 'open');
  }

  /**
   * Runs one attempt under the breaker. Throws ProviderUnavailableError when the circuit refuses the
   * call; otherwise resolves or rejects with the attempt's own outcome (a ProviderFaultSignal included).
   */
  async execute<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.refusing) throw new ProviderUnavailableError(this.provider);
    try {
      return await this.policy.execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new ProviderUnavailableError(this.provider);
      throw error;
    }
  }
}

function toStateName(state: CircuitState): CircuitStateName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}
