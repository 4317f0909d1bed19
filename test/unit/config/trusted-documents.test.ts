import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import * as generated from '../../../client/generated/graphql.js';
import { loadConfig, type ReadTextFile } from '../../../src/config/load-config.js';
import { documentHash, parseTrustedDocuments } from '../../../src/config/trusted-documents.js';
import { configProblems } from '../../support/config-problems.js';

const VIEWER = 'query Viewer { viewer { id } }';
const entry = (text: string) => [`sha256:${documentHash(text)}`, text] as const;

const problemsOf = configProblems;

describe('the checked-in manifest (client/generated/persisted-documents.json)', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../../client/generated/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;

  it('keys every document by the sha256 of its text', () => {
    const entries = Object.entries(manifest);
    expect(entries.length).toBeGreaterThan(0);
    for (const [key, text] of entries) expect(key).toBe(`sha256:${documentHash(text)}`);
    expect(parseTrustedDocuments(JSON.stringify(manifest)).ok).toBe(true);
  });

  it('has an entry for every generated document, under the hash the document carries', () => {
    const documents = Object.entries(generated).filter(([name]) => name.endsWith('Document'));
    expect(documents.length).toBe(Object.keys(manifest).length);
    for (const [, document] of documents) {
      const hash = (document as unknown as { __meta__: { hash: string } }).__meta__.hash;
      expect(manifest[hash]).toEqual(expect.any(String));
    }
  });
});

describe('parseTrustedDocuments', () => {
  it('returns the documents by hex hash', () => {
    const parsed = parseTrustedDocuments(JSON.stringify(Object.fromEntries([entry(VIEWER)])));
    expect(parsed).toEqual({ ok: true, documents: new Map([[documentHash(VIEWER), VIEWER]]) });
  });

  it('lists every bad entry by key, never quoting a document', () => {
    const secretLooking = 'query Leak { viewer { id } }';
    const parsed = parseTrustedDocuments(
      JSON.stringify({
        [`sha256:${'0'.repeat(64)}`]: secretLooking,
        [`md5:${'0'.repeat(32)}`]: VIEWER,
        [`sha256:${documentHash('')}`]: '',
        [`sha256:${documentHash('query {')}`]: 'query {',
        [`sha256:${documentHash(VIEWER).toUpperCase()}`]: VIEWER,
      }),
    );
    expect(parsed).toEqual({
      ok: false,
      problems: [
        `"sha256:${'0'.repeat(64)}": the sha256 of the document text does not match the key`,
        `"md5:${'0'.repeat(32)}": the key must be "sha256:" followed by 64 lowercase hex digits`,
        `"sha256:${documentHash('')}": the value must be the document text (a non-empty string)`,
        `"sha256:${documentHash('query {')}": the document text is not valid GraphQL`,
        `"sha256:${documentHash(VIEWER).toUpperCase()}": the key must be "sha256:" followed by 64 lowercase hex digits`,
      ],
    });
    expect(JSON.stringify(parsed)).not.toContain('Leak');
  });

  it.each([
    ['not JSON', '{', /^is not valid JSON/],
    ['an array', '[]', /^must be a JSON object/],
    ['empty', '{}', /^contains no documents$/],
  ])('refuses a manifest that is %s', (_name, text, problem) => {
    const parsed = parseTrustedDocuments(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([expect.stringMatching(problem)]);
  });
});

describe('loadConfig with GRAPHQL_TRUSTED_DOCUMENTS', () => {
  const files: Record<string, string> = {
    '/etc/callgate/documents.json': JSON.stringify(Object.fromEntries([entry(VIEWER)])),
    '/etc/callgate/tampered.json': JSON.stringify({ [`sha256:${documentHash(VIEWER)}`]: 'query Viewer { viewer { id roles } }' }),
    '/etc/callgate/broken.json': '{"sha256:',
  };
  const readFile: ReadTextFile = (path) => {
    if (path in files) return files[path];
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  };

  it('is off by default', () => {
    expect(loadConfig({}, readFile).trustedDocuments).toBeNull();
  });

  it('loads the manifest, off or in only-mode', () => {
    const config = loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: '/etc/callgate/documents.json' }, readFile);
    expect(config.trustedDocuments).toEqual({ source: '/etc/callgate/documents.json', documents: new Map([[documentHash(VIEWER), VIEWER]]), only: false });
    expect(loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: '/etc/callgate/documents.json', GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true' }, readFile).trustedDocuments?.only).toBe(true);
  });

  it('reports a missing, malformed or tampered manifest together with the other problems', () => {
    expect(problemsOf({ GRAPHQL_TRUSTED_DOCUMENTS: '/etc/callgate/missing.json', PORT: 'x' }, readFile)).toEqual([
      expect.stringMatching(/^PORT: /),
      'GRAPHQL_TRUSTED_DOCUMENTS: cannot be read (ENOENT)',
    ]);
    expect(problemsOf({ GRAPHQL_TRUSTED_DOCUMENTS: '/etc/callgate/broken.json' }, readFile)).toEqual([
      expect.stringMatching(/^GRAPHQL_TRUSTED_DOCUMENTS: is not valid JSON/),
    ]);
    expect(problemsOf({ GRAPHQL_TRUSTED_DOCUMENTS: '/etc/callgate/tampered.json', HTTP_HEADERS_TIMEOUT_MS: '50000', HTTP_REQUEST_TIMEOUT_MS: '40000' }, readFile)).toEqual([
      `GRAPHQL_TRUSTED_DOCUMENTS: "sha256:${documentHash(VIEWER)}": the sha256 of the document text does not match the key`,
      'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS',
    ]);
  });

  it('refuses only-mode without a manifest, and a value that is not a flag', () => {
    expect(problemsOf({ GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true' }, readFile)).toEqual([
      'GRAPHQL_TRUSTED_DOCUMENTS_ONLY: requires GRAPHQL_TRUSTED_DOCUMENTS (the manifest of the documents to allow)',
    ]);
    expect(problemsOf({ GRAPHQL_TRUSTED_DOCUMENTS: '/etc/callgate/documents.json', GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'always' }, readFile)).toEqual([
      expect.stringMatching(/^GRAPHQL_TRUSTED_DOCUMENTS_ONLY: /),
    ]);
  });
});
