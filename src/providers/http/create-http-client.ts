import http from 'node:http';
import https from 'node:https';
import got, { type Got } from 'got';

export interface HttpClientOptions {
  /** Base URL of the provider; request paths are relative to it. */
  prefixUrl: string;
  /** Upper bound on a whole request, from the first byte sent to the last byte received. */
  timeoutMs: number;
  /** Adds the provider's credentials to each request (called per request, so rotating tokens work). */
  authorize: (headers: Record<string, string | string[] | undefined>) => void;
  /** Most sockets kept open to this provider (keep-alive pool). */
  maxSockets?: number;
}

export interface HttpClient {
  got: Got;
  /** Closes the pooled keep-alive sockets (graceful shutdown). */
  close(): void;
}

/**
 * One long-lived got instance per provider: keep-alive pool, a hard deadline, no redirects, no
 * automatic retries (callers opt in per idempotent call), and bodies handled by the data source
 * (`throwHttpErrors: false`) so every status of the contract is mapped in one place.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxSockets = options.maxSockets ?? 50;
  // Keep every pooled socket when it goes idle: with fewer free slots than sockets, a burst of
  // concurrent calls closed the extra sockets after each response and opened new ones for the next
  // (measured: about one new TCP connection per 2-3 calls at 50 concurrent requests).
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 30_000 };
  const agent = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const instance = got.extend({
    prefixUrl: options.prefixUrl,
    agent,
    timeout: {
      connect: Math.min(1000, options.timeoutMs),
      request: options.timeoutMs,
    },
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    responseType: 'text',
    hooks: {
      beforeRequest: [(request) => options.authorize(request.headers)],
    },
  });
  return {
    got: instance,
    close() {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
