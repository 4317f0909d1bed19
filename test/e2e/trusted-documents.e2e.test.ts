/**
 * Trusted documents (GRAPHQL_TRUSTED_DOCUMENTS, GRAPHQL_TRUSTED_DOCUMENTS_ONLY) with the manifest that
 * `npm run codegen` checks in, over real sockets with Apollo Client's persisted-queries link: one HTTP
 * request per operation (counted with a wrapping fetch), on POST and on GET; an unknown id refused
 * with PERSISTED_QUERY_NOT_FOUND; text refused in only-mode and accepted otherwise, never stored.
 * (Fastify's inject() cannot load under this Jest ESM setup, so HTTP semantics go over 127.0.0.1 too.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, type DocumentNode } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { print } from 'graphql';
import { IssueLivekitTokenDocument, ViewerDocument } from '../../client/generated/graphql.js';
import { documentHash } from '../../src/config/trusted-documents.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const MANIFEST = fileURLToPath(new URL('../../client/generated/persisted-documents.json', import.meta.url));
const hashOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;
const UNLISTED = 'query NotInTheManifest { viewer { id } }';
/** The gateway's own refusal of a malformed id names the expected format (Apollo's message does not). */
const ID_FORMAT_MESSAGE = /^(documentId|extensions\.persistedQuery(\.sha256Hash)?) must be /;

interface Sent {
  method: string;
  body: Record<string, unknown> | null;
  url: string;
}

/** Apollo Client with the persisted-queries link taking the manifest's hash, and a fetch that records every request. */
function apolloClient(graphqlUrl: string, token: string, options: { get?: boolean } = {}) {
  const sent: Sent[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    sent.push({ method: init?.method ?? 'GET', url: String(input), body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
    return fetch(input, init);
  };
  const client = new ApolloClient({
    cache: new InMemoryCache(),
    link: ApolloLink.from([
      new PersistedQueryLink({ generateHash: (document: DocumentNode) => hashOf(document), useGETForHashedQueries: options.get ?? false }),
      new HttpLink({ uri: graphqlUrl, fetch: countingFetch, headers: { authorization: `Bearer ${token}` } }),
    ]),

  });
  return { client, sent };
}

type Answer = { status: number; body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> } };

async function post(gateway: TestGateway, body: unknown, token?: string): Promise<Answer> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** A GET with the given query string (and the preflight header Apollo's CSRF prevention asks of GETs). */
async function get(gateway: TestGateway, search: string, token?: string): Promise<Answer> {
  const response = await fetch(`${gateway.graphqlUrl}?${search}`, {
    headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => body.errors?.map((e) => e.extensions?.code);

describe('trusted documents', () => {
  let open: TestGateway;
  let only: TestGateway;
  let token: string;

  beforeAll(async () => {
    open = await startTestGateway({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST });
    only = await startTestGateway({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST, GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true' });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'trusted-user', name: 'Trusted User', roles: ['member'] });
  });
  afterAll(async () => {
    await open?.close();
    await only?.close();
  });

  describe('Apollo Client with the persisted-queries link (real sockets)', () => {
    it('gets a query and a mutation answered in one POST each, naming the documents by hash only', async () => {
      const { client, sent } = apolloClient(only.graphqlUrl, token);
      const viewer = await client.query({ query: ViewerDocument });
      expect(viewer.data?.viewer).toMatchObject({ id: 'trusted-user', name: 'Trusted User' });
      const issued = await client.mutate({ mutation: IssueLivekitTokenDocument, variables: { input: { roomName: 'trusted-room' } } });
      expect(issued.data?.issueLivekitToken.roomName).toBe('trusted-room');
      expect(sent).toHaveLength(2);
      for (const request of sent) {
        expect(request.method).toBe('POST');
        expect(request.body?.query).toBeUndefined();
      }
      expect((sent[0].body?.extensions as { persistedQuery: { sha256Hash: string } }).persistedQuery.sha256Hash).toBe(hashOf(ViewerDocument));
    });

    it('gets a query answered in one GET with the hash in the query string (useGETForHashedQueries)', async () => {
      const { client, sent } = apolloClient(only.graphqlUrl, token, { get: true });
      const viewer = await client.query({ query: ViewerDocument });
      expect(viewer.data?.viewer).toMatchObject({ id: 'trusted-user' });
      expect(sent).toHaveLength(1);
      expect(sent[0].method).toBe('GET');
      const params = new URL(sent[0].url).searchParams;
      expect(params.get('query')).toBeNull();
      expect(params.get('extensions')).toContain(hashOf(ViewerDocument).replace('sha256:', ''));
    });

    it('retries a document not in the manifest once with its text: answered outside only-mode, refused in only-mode', async () => {
      const unlisted = { kind: 'Document', definitions: (await import('graphql')).parse(UNLISTED).definitions, __meta__: { hash: `sha256:${documentHash(UNLISTED)}` } } as unknown as DocumentNode;

      const outside = apolloClient(open.graphqlUrl, token);
      const answered = await outside.client.query({ query: unlisted });
      expect(answered.data).toMatchObject({ viewer: { id: 'trusted-user' } });
      expect(outside.sent.map((s) => s.body?.query === undefined)).toEqual([true, false]);

      const inside = apolloClient(only.graphqlUrl, token);
      await expect(inside.client.query({ query: unlisted })).rejects.toMatchObject({
        errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })],
      });
      expect(inside.sent).toHaveLength(2);

      // Never stored: the id alone is still unknown after the text ran.
      const again = await post(open, { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(UNLISTED) } } }, token);
      expect(codes(again.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });
  });

  describe('HTTP semantics', () => {
    const viewerId = () => hashOf(ViewerDocument);

    it('answers a documentId (GraphQL-over-HTTP form) on POST and on GET', async () => {
      const byPost = await post(only, { documentId: viewerId() }, token);
      expect(byPost.status).toBe(200);
      expect(byPost.body.data).toMatchObject({ viewer: { id: 'trusted-user' } });

      const byGet = await get(only, `documentId=${encodeURIComponent(viewerId())}`, token);
      expect(byGet.status).toBe(200);
      expect(byGet.body).toMatchObject({ data: { viewer: { id: 'trusted-user' } } });
    });

    it('still authenticates a trusted document: no token is UNAUTHENTICATED', async () => {
      const anonymous = await post(only, { documentId: viewerId() });
      expect(codes(anonymous.body)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a mutation by id over GET (405), like the same mutation as text', async () => {
      const search = `documentId=${encodeURIComponent(hashOf(IssueLivekitTokenDocument))}&variables=${encodeURIComponent('{"input":{"roomName":"r"}}')}`;
      expect((await get(only, search, token)).status).toBe(405);
    });

    it.each([
      ['POST', 'open'],
      ['POST', 'only'],
      ['GET', 'only'],
    ])('refuses an unknown id with PERSISTED_QUERY_NOT_FOUND and 400 (%s, %s)', async (method, mode) => {
      const gateway = mode === 'only' ? only : open;
      const unknown = `sha256:${'0'.repeat(64)}`;
      const response =
        method === 'POST' ? await post(gateway, { documentId: unknown }, token) : await get(gateway, `documentId=${encodeURIComponent(unknown)}`, token);
      expect(response.status).toBe(400);
      expect(codes(response.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('refuses text in only-mode, on POST and GET, and runs it outside only-mode', async () => {
      const refused = await post(only, { query: UNLISTED }, token);
      expect(refused.status).toBe(400);
      expect(codes(refused.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const refusedGet = await get(only, `query=${encodeURIComponent(UNLISTED)}`, token);
      expect(refusedGet.body).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
      // Unreadable extensions do not let text past the check (Apollo would refuse them anyway).
      const unreadable = await get(only, `query=${encodeURIComponent(UNLISTED)}&extensions=not-json`, token);
      expect([unreadable.status, codes(unreadable.body)]).toEqual([400, ['PERSISTED_QUERY_NOT_FOUND']]);
      // Repeated parameters are never collapsed into one: refused, nothing runs.
      const manifestText = only.config.trustedDocuments!.documents.get(viewerId().replace('sha256:', ''))!;
      for (const search of [
        `query=${encodeURIComponent(manifestText)}&query=${encodeURIComponent(UNLISTED)}`,
        `query=${encodeURIComponent(UNLISTED)}&query=${encodeURIComponent(manifestText)}`,
        `documentId=${encodeURIComponent(viewerId())}&documentId=${encodeURIComponent(hashOf(IssueLivekitTokenDocument))}`,
      ]) {
        const repeated = await get(only, search, token);
        expect([repeated.status, repeated.body.data ?? null]).toEqual([400, null]);
      }
      // The printed document differs from the manifest's text by whitespace: not trusted either.
      expect(codes((await post(only, { query: print(ViewerDocument) }, token)).body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

      const ran = await post(open, { query: UNLISTED }, token);
      expect(ran.body).toEqual({ data: { viewer: { id: 'trusted-user' } } });
    });

    it('runs, even in only-mode, text that is byte for byte a manifest document', async () => {
      const { documents } = only.config.trustedDocuments!;
      const text = documents.get(viewerId().replace('sha256:', ''))!;
      const response = await post(only, { query: text }, token);
      expect(response.body.data).toMatchObject({ viewer: { id: 'trusted-user' } });
    });

    it.each([
      ['a documentId with another algorithm', { documentId: `md5:${'0'.repeat(32)}` }],
      ['a documentId with uppercase hex', { documentId: `sha256:${'A'.repeat(64)}` }],
      ['a documentId without a prefix', { documentId: '0'.repeat(64) }],
      ['a short sha256Hash', { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }],
      ['persistedQuery version 2', { extensions: { persistedQuery: { version: 2, sha256Hash: '0'.repeat(64) } } }],
    ])('refuses %s with BAD_REQUEST', async (_name, body) => {
      const response = await post(only, body, token);
      expect(response.status).toBe(400);
      expect(codes(response.body)).toEqual(['BAD_REQUEST']);
      expect(response.body.errors?.[0].message).toMatch(ID_FORMAT_MESSAGE);
    });

    it('refuses an id with text that does not hash to it (BAD_REQUEST), in both modes', async () => {
      for (const gateway of [open, only]) {
        const response = await post(gateway, { documentId: viewerId(), query: UNLISTED }, token);
        expect(response.status).toBe(400);
        expect(codes(response.body)).toEqual(['BAD_REQUEST']);
      }
    });

    it('keeps APQ registration impossible without a manifest: a persistedQuery is PERSISTED_QUERY_NOT_SUPPORTED', async () => {
      const plain = await startTestGateway();
      try {
        const response = await post(plain, { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(UNLISTED) } }, query: UNLISTED }, token);
        expect(codes(response.body)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
      } finally {
        await plain.close();
      }
    });

    it('logs the refusal as the outcome of the request line', async () => {
      await post(only, { documentId: `sha256:${'1'.repeat(64)}` }, token);
      const line = only.logRecords().filter((r) => r.msg === 'graphql request').at(-1);
      expect(line).toMatchObject({ outcome: 'PERSISTED_QUERY_NOT_FOUND', status: 400 });
    });
  });
});
