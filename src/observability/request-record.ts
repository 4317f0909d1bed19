import type { ResponseFacts } from '../errors/http-status.js';

/** One logical provider call as the request line reports it. */
export interface ProviderCallNote {
  provider: string;
  operation: string;
  durationMs: number;
  attempts: number;
  /** `OK` or the error code the call ended with. */
  outcome: string;
}

/** The fields of the request line besides reqId, in the order they are written. */
export interface RequestLineFacts {
  clientRequestId?: string;
  callerId?: string;
  operation: string;
  operationName?: string;
  outcome: string;
  status: number;
  durationMs: number;
  provider?: string;
  providerLatencyMs?: number;
  providerCalls?: number;
}

const MAX_OPERATION_NAME_LENGTH = 64;

/**
 * What one HTTP request to /graphql did, noted by the parts that know each fact as the request runs,
 * and read once, when the response has been sent, for the request line and the request metrics
 * (server/observe-requests.ts). The writers, one method each:
 * - `noteCaller`: the context, once the caller token is verified;
 * - `noteOperation`: the request-facts plugin, once the operation is resolved;
 * - `noteProviderCall`: every logical provider call, through the scope its data source holds;
 * - `noteResponse`: the request-facts plugin, for the response Apollo sends, and the context, for a
 *   token refused (or an auth-failure budget spent) before Apollo runs any plugin hook; the HTTP status
 *   is decided from these facts (errors/http-status.ts);
 * - `noteOutcome`: refusals answered before Apollo runs, with a status of their own (the error
 *   handler, trusted documents).
 */
export class RequestRecord {
  private callerId: string | undefined = undefined;
  private operation: string | undefined = undefined;
  private operationName: string | undefined = undefined;
  private outcome: string | undefined = undefined;
  private responseFacts: ResponseFacts | undefined = undefined;
  private readonly providerCalls: ProviderCallNote[] = [];

  /** @param clientRequestId the client's own `x-request-id`, sanitized; logged next to the gateway's reqId, never instead of it. */
  constructor(readonly clientRequestId?: string) {}

  noteCaller(callerId: string): void {
    this.callerId = callerId;
  }

  /**
   * The root field the operation selected (`multiple` for several, from the schema, never from the
   * client) and the client's operation name as sent (cut to 64 characters; for searching logs, never a
   * metric label).
   */
  noteOperation(label: string, operationName?: string | null): void {
    this.operation = label;
    if (operationName) this.operationName = operationName.slice(0, MAX_OPERATION_NAME_LENGTH);
  }

  noteProviderCall(call: ProviderCallNote): void {
    this.providerCalls.push(call);
  }

  /** The response's facts: whether it has data and its error codes (the first one is the outcome). */
  noteResponse(facts: ResponseFacts): void {
    this.responseFacts = facts;
    this.outcome = facts.errorCodes.length ? facts.errorCodes[0] : 'OK';
  }

  /** The code of a refusal that answers without a GraphQL response (the status is decided elsewhere). */
  noteOutcome(code: string): void {
    this.outcome = code;
  }

  /** What `noteResponse` noted; unset when Apollo refused the request before running it. */
  get response(): ResponseFacts | undefined {
    return this.responseFacts;
  }

  /** The request line's facts for the status sent; an unnoted outcome is read from that status. */
  lineFacts(status: number, durationMs: number): RequestLineFacts {
    const calls = this.providerCalls;
    return {
      clientRequestId: this.clientRequestId,
      callerId: this.callerId,
      operation: this.operation ?? 'none',
      operationName: this.operationName,
      outcome: this.outcome ?? (status < 400 ? 'OK' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'),
      status,
      durationMs: Math.round(durationMs),
      ...(calls.length
        ? {
            provider: [...new Set(calls.map((c) => c.provider))].join(','),
            providerLatencyMs: calls.reduce((sum, c) => sum + c.durationMs, 0),
            providerCalls: calls.length,
          }
        : {}),
    };
  }
}
