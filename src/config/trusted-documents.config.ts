import type { ConfigContext } from './config-rules.js';
import { readNamedFile } from './read-text-file.js';
import { parseTrustedDocuments, type TrustedDocumentsConfig } from './trusted-documents.js';

/**
 * The trusted-documents manifest GRAPHQL_TRUSTED_DOCUMENTS names, and only-mode
 * (GRAPHQL_TRUSTED_DOCUMENTS_ONLY, which needs the manifest); null when no manifest is set.
 */
export function trustedDocumentsConfig(ctx: ConfigContext): TrustedDocumentsConfig | null {
  const { e, problems, readFile } = ctx;
  if (!e.GRAPHQL_TRUSTED_DOCUMENTS) {
    if (e.GRAPHQL_TRUSTED_DOCUMENTS_ONLY) {
      problems.push('GRAPHQL_TRUSTED_DOCUMENTS_ONLY: requires GRAPHQL_TRUSTED_DOCUMENTS (the manifest of the documents to allow)');
    }
    return null;
  }
  const path = e.GRAPHQL_TRUSTED_DOCUMENTS;
  const read = readNamedFile('GRAPHQL_TRUSTED_DOCUMENTS', path, readFile);
  if ('problem' in read) {
    problems.push(read.problem);
    return null;
  }
  const parsed = parseTrustedDocuments(read.text);
  if (!parsed.ok) {
    problems.push(...parsed.problems.map((p) => `GRAPHQL_TRUSTED_DOCUMENTS: ${p}`));
    return null;
  }
  return { source: path, documents: parsed.documents, only: e.GRAPHQL_TRUSTED_DOCUMENTS_ONLY ?? false };
}
