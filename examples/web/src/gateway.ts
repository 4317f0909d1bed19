/**
 * A minimal GraphQL client for callgate: prints a generated TypedDocumentNode and POSTs it as JSON
 * with the caller token as a bearer token. The result type comes from the document, so `data` is
 * typed exactly like the operation in client/operations.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** A refusal from the gateway (its `extensions.code`), or a failure to reach it at all. */
export class GatewayError extends Error {
  constructor(
    /** The gateway's `extensions.code`, or NETWORK_ERROR / HTTP_<status> when no GraphQL answer came back. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

interface GraphQLResponseBody<T> {
  data?: T | null;
  errors?: Array<{ message?: string; extensions?: { code?: unknown } }>;
}

const printed = new WeakMap<object, string>();

/** `path` under the gateway URL, keeping any path prefix it has (e.g. behind a proxy at /callgate). */
export function gatewayEndpoint(gatewayUrl: string, path: 'graphql' | 'livekit/token'): string {
  return new URL(path, gatewayUrl.endsWith('/') ? gatewayUrl : `${gatewayUrl}/`).toString();
}

export async function execute<TResult, TVariables>(
  gatewayUrl: string,
  callerToken: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  let query = printed.get(document);
  if (query === undefined) {
    query = print(document);
    printed.set(document, query);
  }
  const url = gatewayEndpoint(gatewayUrl, 'graphql');
  let response: Response;
  try {
    // content-type application/json passes the gateway's CSRF prevention; with the authorization
    // header it makes the browser send a CORS preflight first.
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new GatewayError('NETWORK_ERROR', `Could not reach ${url} (${String(error)}). Is the gateway running, and does it allow this origin (CORS)?`);
  }
  let body: GraphQLResponseBody<TResult>;
  try {
    body = (await response.json()) as GraphQLResponseBody<TResult>;
  } catch {
    throw new GatewayError(`HTTP_${response.status}`, `The gateway answered HTTP ${response.status} without a GraphQL body.`);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : `HTTP_${response.status}`;
    throw new GatewayError(code, first.message ?? 'The gateway refused the request.');
  }
  if (!body.data) throw new GatewayError(`HTTP_${response.status}`, 'The gateway answered without data.');
  return body.data;
}
