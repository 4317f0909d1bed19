import type { Logger } from 'pino';
import type { ProviderHttpConfig } from '../../config/config.types.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { ProviderCallScope, ProviderHttp } from './provider-http.js';

/** What every provider's HTTP side shares: the resilience settings, the metrics and the root logger. */
export interface ProviderSetup {
  resilience: ProviderHttpConfig;
  metrics: GatewayMetrics;
  logger: Logger;
}

/** A provider reached over HTTP, as the gateway holds it for the process lifetime. */
export interface HttpProvider<DataSource> {
  /** Its HTTP side; its circuit state is reported by `/readyz`. */
  http: ProviderHttp;
  /** A data source for one request (cheap: it holds references only). */
  dataSource(scope: ProviderCallScope): DataSource;
  /** Closes the pooled keep-alive sockets (graceful shutdown). */
  close(): void;
}
