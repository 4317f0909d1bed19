import type { ResponseFacts } from '../errors/http-status.js';
import type { ProviderCallRecord } from '../providers/http/provider-call.js';

/**
 * What one HTTP request to /graphql did, filled in as it runs (context, Apollo plugin, provider calls)
 * and turned into one log line and the request metrics when the response is sent.
 */
export interface RequestRecord {
  callerId?: string;
  /** The root field the operation selected (`multiple` for several), from the schema, never from the client. */
  operation?: string;
  /** The client's operation name, as sent (for searching logs only; never a metric label). */
  operationName?: string;
  /** `OK` or the first error code. */
  outcome?: string;
  /**
   * Whether the GraphQL response has data and which error codes it carries; the HTTP status is decided
   * from these (errors/http-status.ts). Unset when Apollo refused the request before running it.
   */
  response?: ResponseFacts;
  /** The client's own `x-request-id`, sanitized; logged next to the gateway's reqId, never instead of it. */
  clientRequestId?: string;
  providerCalls: ProviderCallRecord[];
}

export function createRequestRecord(): RequestRecord {
  return { providerCalls: [] };
}
