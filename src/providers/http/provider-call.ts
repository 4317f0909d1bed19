import type { Got, Method, Response } from 'got';
import type { Logger } from 'pino';
import type { ProviderName } from '../../errors/error-codes.js';
import { ProviderError } from '../../errors/gateway-errors.js';
import { errorCodeOf, toProviderError } from './to-provider-error.js';

export interface ProviderCallOptions {
  provider: ProviderName;
  /** A stable name for logs and metrics, e.g. `createSession`. */
  operation: string;
  method: Method;
  /** Relative to the client's prefix URL; path segments must already be encoded. */
  path: string;
  json?: unknown;
  /** Extra statuses the caller maps itself besides 2xx (e.g. 404, 409); others become errors here. */
  expectedStatuses?: readonly number[];
}

/** What a provider call hands back: the status and the text body, nothing else of got's response. */
export interface ProviderResponse {
  status: number;
  body: string;
  durationMs: number;
}

/**
 * Runs one provider HTTP call with the shared failure rules:
 * - transport failures become PROVIDER_TIMEOUT / PROVIDER_ERROR;
 * - 401/403 mean our own credentials were refused: PROVIDER_ERROR to the client and an error-level
 *   log line for the operator (provider, operation and status only);
 * - 5xx and any status the caller did not declare become PROVIDER_ERROR.
 * The status, duration and error code are logged; never the URL, headers or body.
 */
export async function callProvider(client: Got, logger: Logger, options: ProviderCallOptions): Promise<ProviderResponse> {
  const { provider, operation } = options;
  const started = performance.now();
  let response: Response<string>;
  try {
    response = (await client(options.path, {
      method: options.method,
      json: options.json,
    })) as Response<string>;
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    const mapped = toProviderError(provider, error);
    logger.warn({ provider, operation, durationMs, errorCode: errorCodeOf(error), outcome: mapped.extensions.code }, 'provider call failed');
    throw mapped;
  }
  const durationMs = Math.round(performance.now() - started);
  const status = response.statusCode;
  if ((status >= 200 && status < 300) || options.expectedStatuses?.includes(status)) {
    logger.debug({ provider, operation, status, durationMs }, 'provider call');
    return { status, body: response.body, durationMs };
  }
  if (status === 401 || status === 403) {
    logger.error(
      { provider, operation, status, durationMs, alert: 'provider_credentials_rejected' },
      `${provider} rejected the gateway's credentials: check the configured key and secret`,
    );
    throw new ProviderError(provider, `The ${provider} provider refused the gateway's credentials.`);
  }
  logger.warn({ provider, operation, status, durationMs }, 'provider call answered with an error status');
  throw new ProviderError(provider, `The ${provider} provider answered with status ${status}.`);
}
