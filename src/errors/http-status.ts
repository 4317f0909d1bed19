import { ErrorCode } from './error-codes.js';

/**
 * The one place that decides the HTTP status of a GraphQL response (GraphQL over HTTP):
 * - a response with non-null `data` is a 200, whatever errors come with it (a partial result);
 * - a response without data is a whole-request failure and gets the status of its error code, from
 *   the table below; with several codes, the first in table order wins. The table is in precedence
 *   order: the caller's own faults first (retrying as is will not help), then the gateway's.
 *
 * `docs/errors.md` shows the same table; `test/unit/errors/http-status.test.ts` keeps the two in step.
 */
export const HTTP_STATUS_BY_CODE: ReadonlyMap<string, number> = new Map<string, number>([
  [ErrorCode.UNAUTHENTICATED, 401],
  [ErrorCode.FORBIDDEN, 403],
  [ErrorCode.RATE_LIMITED, 429],
  [ErrorCode.BAD_USER_INPUT, 400],
  ['GRAPHQL_PARSE_FAILED', 400],
  ['GRAPHQL_VALIDATION_FAILED', 400],
  ['BAD_REQUEST', 400],
  ['OPERATION_RESOLUTION_FAILURE', 400],
  ['PERSISTED_QUERY_NOT_SUPPORTED', 400],
  ['PERSISTED_QUERY_NOT_FOUND', 400],
  [ErrorCode.NOT_FOUND, 404],
  [ErrorCode.NOT_SUPPORTED, 501],
  [ErrorCode.PROVIDER_NOT_CONFIGURED, 501],
  [ErrorCode.INTERNAL_SERVER_ERROR, 500],
  [ErrorCode.STATE_UNAVAILABLE, 503],
  [ErrorCode.PROVIDER_UNAVAILABLE, 503],
  [ErrorCode.PROVIDER_ERROR, 503],
  [ErrorCode.PROVIDER_TIMEOUT, 503],
]);

const PRECEDENCE: ReadonlyMap<string, number> = new Map([...HTTP_STATUS_BY_CODE.keys()].map((code, rank) => [code, rank]));

/** What the status depends on: whether `data` is non-null, and the codes of the errors sent. */
export interface ResponseFacts {
  hasData: boolean;
  errorCodes: readonly string[];
}

/**
 * The status for a GraphQL response. `protocolStatus` is the status Apollo chose for a BAD_REQUEST
 * (405 for a mutation over GET, 406 for an unacceptable Accept, 415 for a bad content type): it is
 * kept when it is a more precise 4xx than 400. An unknown code counts as INTERNAL_SERVER_ERROR.
 */
export function responseStatus(facts: ResponseFacts, protocolStatus?: number): number {
  if (facts.hasData) return 200;
  let winner: string | undefined;
  let best = Infinity;
  for (const given of facts.errorCodes) {
    const code = PRECEDENCE.has(given) ? given : ErrorCode.INTERNAL_SERVER_ERROR;
    const rank = PRECEDENCE.get(code)!;
    if (rank < best) {
      best = rank;
      winner = code;
    }
  }
  // No data and no error: nothing a client could use; never a 200.
  if (winner === undefined) return 500;
  if (winner === 'BAD_REQUEST' && protocolStatus !== undefined && protocolStatus > 400 && protocolStatus < 500) return protocolStatus;
  return HTTP_STATUS_BY_CODE.get(winner)!;
}
