import type { OpenViduConfig } from '../../config/config.types.js';
import type { HttpProvider, ProviderSetup } from '../http/provider-setup.js';
import { OpenViduDataSource } from './openvidu.data-source.js';
import { OpenViduHttp } from './openvidu.http.js';

export type OpenViduProvider = HttpProvider<OpenViduDataSource>;

/** OpenVidu as the gateway holds it: one HTTP side (pool, Basic auth, breaker) and per-request data sources. */
export function createOpenViduProvider(config: OpenViduConfig, setup: ProviderSetup): OpenViduProvider {
  const http = new OpenViduHttp(
    { ...setup, prefixUrl: config.url, timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs },
    config.secret,
  );
  return {
    http,
    dataSource: (scope) => new OpenViduDataSource(http, scope),
    close: () => http.close(),
  };
}
