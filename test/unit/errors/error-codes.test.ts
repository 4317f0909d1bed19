import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../../src/errors/error-codes.js';

describe('error codes', () => {
  it('are documented one heading each in docs/errors.md, and nothing else is', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^### `([A-Z_]+)`$/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.values(ErrorCode).sort());
  });
});
