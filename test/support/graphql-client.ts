/**
 * Sends the typed documents from client/generated to a running gateway over real HTTP, and keeps
 * every raw response body so a test can grep all of them for secrets.
 */
import { print, type ExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { expect } from '@jest/globals';

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

export async function execute<TResult, TVariables>(
  graphqlUrl: string,
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
  const { status, headers: responseHeaders, text } = await sendRaw(graphqlUrl, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
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
