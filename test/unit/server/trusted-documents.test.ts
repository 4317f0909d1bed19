import { describe, expect, it } from '@jest/globals';
import { documentHash, type TrustedDocumentsConfig } from '../../../src/config/trusted-documents.js';
import { decideTrustedDocument, NOT_IN_MANIFEST, TEXT_REFUSED } from '../../../src/server/trusted-documents.js';

const LISTED = 'query Viewer { viewer { id } }';
const OTHER = 'query Other { viewer { name } }';
const listed = documentHash(LISTED);
const other = documentHash(OTHER);
const documents = new Map([[listed, LISTED]]);
const open: TrustedDocumentsConfig = { source: 'm.json', documents, only: false };
const only: TrustedDocumentsConfig = { ...open, only: true };
const apollo = (sha256Hash: unknown) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
const notFound = (message: string) => ({ kind: 'refuse', code: 'PERSISTED_QUERY_NOT_FOUND', message });
const badRequest = { kind: 'refuse', code: 'BAD_REQUEST', message: expect.any(String) };

describe('decideTrustedDocument', () => {
  it.each([open, only])('runs a manifest document named by documentId or by Apollo hash, without the id fields (only: %#)', (trusted) => {
    expect(decideTrustedDocument(trusted, { documentId: `sha256:${listed}`, variables: { a: 1 }, operationName: 'Viewer' })).toEqual({
      kind: 'run',
      params: { query: LISTED, variables: { a: 1 }, operationName: 'Viewer' },
    });
    expect(decideTrustedDocument(trusted, apollo(listed))).toEqual({ kind: 'run', params: { query: LISTED } });
    expect(decideTrustedDocument(trusted, apollo(`sha256:${listed}`))).toEqual({ kind: 'run', params: { query: LISTED } });
    // Other extensions are kept for Apollo; the persistedQuery one is not.
    expect(decideTrustedDocument(trusted, { extensions: { persistedQuery: { version: 1, sha256Hash: listed }, trace: true } })).toEqual({
      kind: 'run',
      params: { query: LISTED, extensions: { trace: true } },
    });
    // The same id with the identical text (Apollo Client sends both on a retry).
    expect(decideTrustedDocument(trusted, { ...apollo(listed), query: LISTED })).toEqual({ kind: 'run', params: { query: LISTED } });
  });

  it.each([open, only])('refuses an id the manifest does not have (only: %#)', (trusted) => {
    expect(decideTrustedDocument(trusted, { documentId: `sha256:${other}` })).toEqual(notFound(NOT_IN_MANIFEST));
    expect(decideTrustedDocument(trusted, apollo(other))).toEqual(notFound(NOT_IN_MANIFEST));
  });

  it('judges text sent with an unknown id as text: it runs outside only-mode, is refused in only-mode', () => {
    expect(decideTrustedDocument(open, { ...apollo(other), query: OTHER })).toEqual({ kind: 'run', params: { query: OTHER } });
    expect(decideTrustedDocument(open, { ...apollo(other), query: `${OTHER} ` })).toEqual({ kind: 'run', params: { query: `${OTHER} ` } });
    expect(decideTrustedDocument(only, { ...apollo(other), query: OTHER })).toEqual(notFound(TEXT_REFUSED));
  });

  it.each([open, only])('refuses a manifest id with different text (only: %#)', (trusted) => {
    expect(decideTrustedDocument(trusted, { documentId: `sha256:${listed}`, query: OTHER })).toEqual(badRequest);
    expect(decideTrustedDocument(trusted, { ...apollo(listed), query: `${LISTED}\n` })).toEqual(badRequest);
  });

  it('passes text through outside only-mode; in only-mode only a byte-identical manifest text', () => {
    expect(decideTrustedDocument(open, { query: OTHER })).toEqual({ kind: 'pass' });
    expect(decideTrustedDocument(only, { query: LISTED })).toEqual({ kind: 'pass' });
    expect(decideTrustedDocument(only, { query: OTHER })).toEqual(notFound(TEXT_REFUSED));
    expect(decideTrustedDocument(only, { query: LISTED.replace(' {', '  {') })).toEqual(notFound(TEXT_REFUSED));
  });

  it('leaves requests without id or text, and bodies that are not objects, to Apollo', () => {
    for (const trusted of [open, only]) {
      for (const params of [{}, { query: '' }, { query: 42 }, 'query { viewer { id } }', [{ query: OTHER }], null]) {
        expect(decideTrustedDocument(trusted, params)).toEqual({ kind: 'pass' });
      }
    }
  });

  it.each([
    ['another algorithm', { documentId: `md5:${'0'.repeat(32)}` }],
    ['uppercase hex', { documentId: `sha256:${listed.toUpperCase()}` }],
    ['no prefix', { documentId: listed }],
    ['a number', { documentId: 7 }],
    ['a short Apollo hash', apollo('abc')],
    ['a non-string Apollo hash', apollo(1)],
    ['persistedQuery version 2', { extensions: { persistedQuery: { version: 2, sha256Hash: listed } } }],
    ['a persistedQuery that is not an object', { extensions: { persistedQuery: 'x' } }],
    ['documentId and persistedQuery naming different documents', { documentId: `sha256:${listed}`, ...apollo(other) }],
  ])('refuses a malformed id (%s) with BAD_REQUEST', (_name, params) => {
    expect(decideTrustedDocument(only, params)).toEqual(badRequest);
    expect(decideTrustedDocument(open, params)).toEqual(badRequest);
  });
});
