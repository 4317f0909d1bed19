import type { preHandlerHookHandler } from 'fastify';
import { documentHash, MANIFEST_KEY, type TrustedDocumentsConfig } from '../config/trusted-documents.js';
import { ErrorCode } from '../errors/error-codes.js';

/**
 * Trusted documents on /graphql: a request may name a manifest document by id instead of sending its
 * text, in either of two forms, on POST (JSON body) and on GET (query string):
 * - `documentId: "sha256:<hex>"` (the GraphQL-over-HTTP persisted documents convention);
 * - `extensions.persistedQuery: { version: 1, sha256Hash: "<hex>" }` (Apollo Client's persisted-queries
 *   link; `sha256:<hex>` is accepted too, the form client/generated puts in `__meta__.hash`).
 * The id is looked up in the manifest loaded at start-up and the request goes on to Apollo with the
 * document's text and without the id fields, so Apollo's own persisted-query support (APQ: off) never
 * sees them and nothing is ever stored: there is no registration round trip.
 *
 * - An id not in the manifest: PERSISTED_QUERY_NOT_FOUND. Apollo Client then retries once with the text
 *   and the id: the id is ignored and the text is judged as text (it runs outside only-mode).
 * - A manifest id with text: the text must be that document byte for byte, otherwise BAD_REQUEST.
 * - Only-mode: text runs only if it is byte for byte a manifest document (its sha256 is a key).
 * - A malformed id (not sha256, not 64 lowercase hex digits, persistedQuery version not 1): BAD_REQUEST.
 * Anything else (no id, no text, a body that is not an object) goes to Apollo unchanged, which answers
 * malformed requests itself. All this happens before authentication: a refusal says nothing about the
 * caller, and the manifest's ids are no secret (they ship in the client bundle).
 */
export type TrustedDocumentDecision =
  | { kind: 'pass' }
  | { kind: 'run'; params: Record<string, unknown> }
  | { kind: 'refuse'; code: typeof ErrorCode.PERSISTED_QUERY_NOT_FOUND | 'BAD_REQUEST'; message: string };

const HEX_HASH = /^(?:sha256:)?([0-9a-f]{64})$/;
const PASS: TrustedDocumentDecision = { kind: 'pass' };

export const NOT_IN_MANIFEST = 'The document is not one of this gateway\'s trusted documents.';
export const TEXT_REFUSED = 'This gateway runs trusted documents only; send a document id from its manifest.';

const badRequest = (message: string): TrustedDocumentDecision => ({ kind: 'refuse', code: 'BAD_REQUEST', message });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The hex hash a request names, undefined when it names none, or a refusal for a malformed one. */
function namedHash(params: Record<string, unknown>): string | undefined | TrustedDocumentDecision {
  let fromDocumentId: string | undefined;
  if (params.documentId !== undefined && params.documentId !== null) {
    fromDocumentId = typeof params.documentId === 'string' ? MANIFEST_KEY.exec(params.documentId)?.[1] : undefined;
    if (!fromDocumentId) return badRequest('documentId must be "sha256:" followed by 64 lowercase hex digits.');
  }
  let fromExtension: string | undefined;
  const persisted = isObject(params.extensions) ? params.extensions.persistedQuery : undefined;
  if (persisted !== undefined && persisted !== null) {
    if (!isObject(persisted) || persisted.version !== 1) return badRequest('extensions.persistedQuery must be { "version": 1, "sha256Hash": "<hex>" }.');
    fromExtension = typeof persisted.sha256Hash === 'string' ? HEX_HASH.exec(persisted.sha256Hash)?.[1] : undefined;
    if (!fromExtension) return badRequest('extensions.persistedQuery.sha256Hash must be 64 lowercase hex digits.');
  }
  if (fromDocumentId && fromExtension && fromDocumentId !== fromExtension) {
    return badRequest('documentId and extensions.persistedQuery name different documents.');
  }
  return fromDocumentId ?? fromExtension;
}

/** The request's parameters without the id fields (Apollo would refuse a persistedQuery extension). */
function withoutIds(params: Record<string, unknown>, query: string): Record<string, unknown> {
  const { documentId: _documentId, extensions, ...rest } = params;
  if (isObject(extensions)) {
    const { persistedQuery: _persistedQuery, ...others } = extensions;
    if (Object.keys(others).length) return { ...rest, query, extensions: others };
  }
  return { ...rest, query };
}

/** Decides what one request's parameters (a POST body, or GET parameters with `extensions` parsed) become. */
export function decideTrustedDocument(trusted: TrustedDocumentsConfig, params: unknown): TrustedDocumentDecision {
  if (!isObject(params)) return PASS;
  const hash = namedHash(params);
  if (typeof hash === 'object') return hash;
  const text = typeof params.query === 'string' && params.query !== '' ? params.query : undefined;
  const known = hash === undefined ? undefined : trusted.documents.get(hash);
  if (known !== undefined) {
    // A manifest id with text: the text must be that document, byte for byte.
    if (text !== undefined && text !== known) return badRequest('The query text does not match the document id.');
    return { kind: 'run', params: withoutIds(params, known) };
  }
  if (hash !== undefined && text === undefined) return { kind: 'refuse', code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, message: NOT_IN_MANIFEST };
  // Text, with no id or an id the manifest does not have (Apollo Client's retry after a refusal sends
  // its own printing of the document, which need not hash to the id): judged as text. Outside
  // only-mode it runs; it is never stored, so the id stays unknown.
  if (text === undefined || !trusted.only || trusted.documents.has(documentHash(text))) {
    return hash === undefined || text === undefined ? PASS : { kind: 'run', params: withoutIds(params, text) };
  }
  return { kind: 'refuse', code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, message: TEXT_REFUSED };
}

/**
 * GET parameters as the decision reads them (`extensions` parsed), or null when they cannot be read:
 * `extensions` is not JSON, or a parameter is repeated (Apollo refuses both; a rewrite must not
 * collapse `?query=a&query=b` into one of them).
 */
function getParams(search: URLSearchParams): Record<string, unknown> | null {
  // No prototype: a parameter named __proto__ is just a parameter.
  const params: Record<string, unknown> = Object.create(null);
  for (const [name, value] of search) {
    if (Object.hasOwn(params, name)) return null;
    params[name] = value;
  }
  const extensions = search.get('extensions');
  if (extensions !== null) {
    try {
      params.extensions = JSON.parse(extensions);
    } catch {
      return null;
    }
  }
  return params;
}

/** GET parameters back into a query string (`extensions` and `variables` as JSON when not strings). */
function toSearch(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return `?${search.toString()}`;
}

/**
 * The /graphql preHandler: applies the decision to the parsed POST body, or to the GET query string
 * (rewriting the request URL, which the GraphQL handler reads the query string from). A refusal is
 * answered here, GraphQL-shaped, with `status`, and no resolver, context or token check runs.
 */
export function trustedDocumentsPreHandler(
  trusted: TrustedDocumentsConfig,
  status: (code: string) => number,
  errorBody: (message: string, code: string) => unknown,
): preHandlerHookHandler {
  return function applyTrustedDocuments(request, reply, done) {
    let decision: TrustedDocumentDecision;
    if (request.method === 'GET') {
      const queryStart = request.url.indexOf('?');
      if (queryStart < 0) return done();
      const search = new URLSearchParams(request.url.slice(queryStart));
      const params = getParams(search);
      // Unreadable parameters: Apollo refuses the request itself; in only-mode, text must still be checked.
      decision = params ? decideTrustedDocument(trusted, params) : decideTrustedDocument(trusted, { query: search.get('query') ?? undefined });
      if (decision.kind === 'run') request.raw.url = request.url.slice(0, queryStart) + toSearch(decision.params);
    } else {
      decision = decideTrustedDocument(trusted, request.body);
      if (decision.kind === 'run') request.body = decision.params;
    }
    if (decision.kind !== 'refuse') return done();
    request.record.noteOutcome(decision.code);
    // The media type Apollo would answer with: a GraphQL-over-HTTP client that accepts
    // application/graphql-response+json reads a 4xx in that type as a GraphQL result.
    const graphqlResponse = request.headers.accept?.includes('application/graphql-response+json') ?? false;
    void reply
      .code(status(decision.code))
      .header('content-type', `${graphqlResponse ? 'application/graphql-response+json' : 'application/json'}; charset=utf-8`)
      .send(errorBody(decision.message, decision.code));
  };
}
