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
  providerCalls: ProviderCallRecord[];
}

export function createRequestRecord(): RequestRecord {
  return { providerCalls: [] };
}
