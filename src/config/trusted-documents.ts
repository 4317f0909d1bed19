import { createHash } from 'node:crypto';
import { parse } from 'graphql';

/**
 * Trusted documents (persisted operations): the GraphQL documents this gateway's own clients send,
 * named by the sha256 of their text. The manifest is the file `npm run codegen` writes
 * (client/generated/persisted-documents.json): a JSON object mapping `sha256:<64 hex>` to the
 * document text. GRAPHQL_TRUSTED_DOCUMENTS names it; GRAPHQL_TRUSTED_DOCUMENTS_ONLY refuses every
 * document that is not in it.
 */
export interface TrustedDocumentsConfig {
  /** The manifest's path (safe to log). */
  source: string;
  /** Document text by the lowercase hex sha256 of that text (no `sha256:` prefix). */
  documents: ReadonlyMap<string, string>;
  /** Only-mode: a document not in the manifest is refused, whether named by id or sent as text. */
  only: boolean;
}

/** The lowercase hex sha256 of a document's UTF-8 text: the id the manifest and clients use. */
export const documentHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A manifest key: the algorithm prefix, then 64 lowercase hex digits. */
export const MANIFEST_KEY = /^sha256:([0-9a-f]{64})$/;

/** Manifests are small (one entry per client operation); a file past this is refused as malformed. */
const MAX_ENTRIES = 10_000;

/**
 * Checks a manifest's text. Returns the documents by hex hash, or every problem found (each names the
 * entry by its key, never quotes a document): not JSON, not an object, a key that is not
 * `sha256:<64 lowercase hex>`, a value that is not a non-empty string, a text whose sha256 is not its
 * key, a text that does not parse as GraphQL, no entries at all.
 */
export function parseTrustedDocuments(text: string): { ok: true; documents: Map<string, string> } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`is not valid JSON (${(error as Error).message})`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: ['must be a JSON object mapping "sha256:<hex>" to document text'] };
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, problems: ['contains no documents'] };
  if (entries.length > MAX_ENTRIES) return { ok: false, problems: [`has more than ${MAX_ENTRIES} documents`] };
  const problems: string[] = [];
  const documents = new Map<string, string>();
  for (const [key, value] of entries) {
    const shown = JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}...` : key);
    const hash = MANIFEST_KEY.exec(key)?.[1];
    if (!hash) {
      problems.push(`${shown}: the key must be "sha256:" followed by 64 lowercase hex digits`);
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${shown}: the value must be the document text (a non-empty string)`);
      continue;
    }
    if (documentHash(value) !== hash) {
      problems.push(`${shown}: the sha256 of the document text does not match the key`);
      continue;
    }
    try {
      parse(value);
    } catch {
      problems.push(`${shown}: the document text is not valid GraphQL`);
      continue;
    }
    documents.set(hash, value);
  }
  return problems.length ? { ok: false, problems } : { ok: true, documents };
}
