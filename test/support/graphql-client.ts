/**
 * The tests' one GraphQL client: sends the typed documents from client/generated to a gateway, over
 * real HTTP (a URL) or in this process through Fastify's `inject()` (a TestGateway: the same routes,
 * hooks and status decisions, no socket), and keeps every raw response body so a test can grep all
 * of them for secrets. Tests that send hostile raw bodies on purpose use `sendRaw` or `injectRaw`.
 */
import { print, type ExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { expect } from '@jest/globals';
import type { TestGateway } from './start-test-gateway.js';

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  body: ExecutionResult<T> & { errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown }> };
  text: string;
}

/** Every raw response body seen by this test file, in order. */
export const seenResponses: string[] = [];

const printed = new WeakMap<object, string>();

export interface SendOptions {
  token?: string;
  headers?: Record<string, string>;
}

export async function sendRaw(url: string, init: RequestInit): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  seenResponses.push(text);
  return { status: response.status, headers: response.headers, text };
}

/** POSTs a body to /graphql of a gateway in this process (Fastify inject(), no socket). */
export async function injectRaw(
  gw: Pick<TestGateway, 'gateway'>,
  init: { headers?: Record<string, string>; body: string },
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await gw.gateway.app.inject({ method: 'POST', url: '/graphql', headers: init.headers, payload: init.body });
  seenResponses.push(res.body);
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, String(one));
  }
  return { status: res.statusCode, headers, text: res.body };
}

/**
 * Sends a typed document: to `target` over HTTP when it is a URL, in-process (inject()) when it is a
 * TestGateway.
 */
export async function execute<TResult, TVariables>(
  target: string | Pick<TestGateway, 'gateway'>,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
  options: SendOptions = {},
): Promise<GraphQLResponse<TResult>> {
  let query = printed.get(document);
  if (!query) {
    query = print(document);
    printed.set(document, query);
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = JSON.stringify({ query, variables });
  const { status, headers: responseHeaders, text } =
    typeof target === 'string' ? await sendRaw(target, { method: 'POST', headers, body }) : await injectRaw(target, { headers, body });
  return { status, headers: responseHeaders, text, body: JSON.parse(text) };
}

/** Asserts success and returns `data`. */
export function expectData<T>(response: GraphQLResponse<T>): T {
  if (response.body.errors?.length) {
    throw new Error(`expected no GraphQL errors, got ${JSON.stringify(response.body.errors)}`);
  }
  expect(response.status).toBe(200);
  return response.body.data as T;
}

/** Asserts exactly one error with this code and returns it. */
export function expectErrorCode<T>(response: GraphQLResponse<T>, code: string) {
  const errors = response.body.errors ?? [];
  expect(errors.map((e) => e.extensions?.code)).toEqual([code]);
  return errors[0];
}
