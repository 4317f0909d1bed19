/**
 * Catalog cases for trusted documents (TRUST-01..04): gateways loading the manifest that
 * `npm run codegen` checks in, one with GRAPHQL_TRUSTED_DOCUMENTS_ONLY and one without.
 */
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import { print } from 'graphql';
import { IssueLivekitTokenDocument, ViewerDocument } from '../../../client/generated/graphql.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { expectCode, expectOk, gql, type CatalogChecks, type CatalogEnv } from './catalog-env.js';

const MANIFEST = fileURLToPath(new URL('../../../client/generated/persisted-documents.json', import.meta.url));
const idOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;
const hexOf = (document: unknown) => idOf(document).slice('sha256:'.length);
const ISSUE = { input: { roomName: 'trusted-catalog' } };

/** The two gateways with the manifest, started once per catalog run (closed with the others). */
const started = new WeakMap<CatalogEnv, Promise<{ open: TestGateway; only: TestGateway }>>();
function trustedGateways(env: CatalogEnv) {
  let both = started.get(env);
  if (!both) {
    both = Promise.all([
      env.startGateway({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST }),
      env.startGateway({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST, GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true' }),
    ]).then(([open, only]) => ({ open, only }));
    started.set(env, both);
  }
  return both;
}

const send = (gw: TestGateway, body: unknown, token: string) => gql(gw, '', undefined, { token, body: JSON.stringify(body) });

export const trustedChecks: CatalogChecks = {
  'TRUST-01': async (env) => {
    const { open, only } = await trustedGateways(env);
    const unknown = 'e'.repeat(64);
    for (const gw of [open, only]) {
      expectCode(await send(gw, { documentId: `sha256:${unknown}`, variables: ISSUE }, env.alice), 'PERSISTED_QUERY_NOT_FOUND', 400);
      expectCode(await send(gw, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } }, variables: ISSUE }, env.alice), 'PERSISTED_QUERY_NOT_FOUND', 400);
      // The same refusal without a token: nothing about the caller is checked or revealed first.
      expectCode(await send(gw, { documentId: `sha256:${unknown}` }, ''), 'PERSISTED_QUERY_NOT_FOUND', 400);
    }
    // A known id still runs (and the id is not remembered from the refused ones).
    const ran = expectOk(await send(only, { documentId: idOf(IssueLivekitTokenDocument), variables: ISSUE }, env.alice));
    const grants = await env.livekit.verifier.verify(ran.issueLivekitToken.token);
    expect(grants.video?.room).toBe('trusted-catalog');
  },

  'TRUST-02': async (env) => {
    const { open, only } = await trustedGateways(env);
    const printed = print(IssueLivekitTokenDocument);
    const crafted = 'mutation { issueLivekitToken(input: { roomName: "trusted-catalog" }) { token } }';
    for (const query of [printed, crafted]) {
      const refused = await send(only, { query, variables: ISSUE }, env.alice);
      expectCode(refused, 'PERSISTED_QUERY_NOT_FOUND', 400);
      expect(refused.text).not.toMatch(/eyJ/);
      // GET with the text in the query string: refused the same way.
      const viaGet = await fetch(`${only.graphqlUrl}?query=${encodeURIComponent(query)}`, {
        headers: { authorization: `Bearer ${env.alice}`, 'apollo-require-preflight': 'true' },
      });
      expect([viaGet.status, ((await viaGet.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
    }
    // Outside only-mode the same text runs.
    expectOk(await send(open, { query: crafted }, env.alice));
  },

  'TRUST-03': async (env) => {
    const { open, only } = await trustedGateways(env);
    const hex = hexOf(ViewerDocument);
    for (const gw of [open, only]) {
      for (const body of [
        { documentId: `md5:${hex.slice(0, 32)}` },
        { documentId: `sha256:${hex.toUpperCase()}` },
        { documentId: `sha256:${hex.slice(1)}` },
        { documentId: hex },
        { documentId: `sha256:${hex}\n` },
        { documentId: ['sha256', hex] },
        { extensions: { persistedQuery: { version: 1, sha256Hash: `${hex}00` } } },
        { extensions: { persistedQuery: { version: 2, sha256Hash: hex } } },
        { extensions: { persistedQuery: { version: 1, sha256Hash: { $ne: '' } } } },
      ]) {
        const refused = expectCode(await send(gw, body, env.alice), 'BAD_REQUEST', 400);
        // The gateway's own answer, naming the format (not Apollo's "must contain a query").
        expect(refused.message).toMatch(/^(documentId|extensions\.persistedQuery(\.sha256Hash)?) must be /);
      }
    }
  },

  'TRUST-04': async (env) => {
    const { open, only } = await trustedGateways(env);
    const mutation = print(IssueLivekitTokenDocument);
    for (const gw of [open, only]) {
      for (const body of [
        { documentId: idOf(ViewerDocument), query: mutation, variables: ISSUE },
        { extensions: { persistedQuery: { version: 1, sha256Hash: hexOf(ViewerDocument) } }, query: mutation, variables: ISSUE },
        { documentId: idOf(ViewerDocument), extensions: { persistedQuery: { version: 1, sha256Hash: hexOf(IssueLivekitTokenDocument) } }, variables: ISSUE },
      ]) {
        const refused = await send(gw, body, env.alice);
        expectCode(refused, 'BAD_REQUEST', 400);
        expect(refused.text).not.toMatch(/eyJ/);
      }
    }
  },
};
