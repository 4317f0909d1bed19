/**
 * Module boundaries (the layering of src/), checked on the source text: got only under providers/,
 * jose only in auth/ and the VideoSDK token helper, livekit-server-sdk only under providers/livekit/,
 * process.env only in main.ts, and resolvers never reaching into the HTTP layer or provider DTOs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

function importers(pattern: RegExp): string[] {
  return files.filter((f) => pattern.test(f.text)).map((f) => f.path).sort();
}

describe('module boundaries', () => {
  it('imports got only under providers/', () => {
    expect(importers(/from 'got'/).filter((p) => !p.startsWith('providers/'))).toEqual([]);
  });

  it('imports jose only in auth/ and the VideoSDK token helper', () => {
    expect(importers(/from 'jose'/).filter((p) => !p.startsWith('auth/') && p !== 'providers/videosdk/videosdk.token.ts')).toEqual([]);
  });

  it('imports livekit-server-sdk only under providers/livekit/', () => {
    expect(importers(/from 'livekit-server-sdk'/).filter((p) => !p.startsWith('providers/livekit/'))).toEqual([]);
  });

  it('reads process.env only in main.ts', () => {
    expect(importers(/(?<!`)process\.env/)).toEqual(['main.ts']);
  });

  it('keeps resolvers away from the HTTP layer and provider wire shapes', () => {
    expect(importers(/from '\.\.\/\.\.\/providers\/(http\/|.*\.dto\.js)/).filter((p) => p.startsWith('resolvers/'))).toEqual([]);
  });
});
