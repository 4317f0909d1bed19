/**
 * Module boundaries (the layering of src/), checked on the source text: got only under providers/,
 * jose only in auth/ and the VideoSDK token helper, livekit-server-sdk only under providers/livekit/,
 * process.env only in main.ts, providers built only by their index.ts, and resolvers never reaching
 * into the HTTP layer or provider DTOs.
 */
import { describe, expect, it } from '@jest/globals';
import { readSourceFiles } from '../support/source-files.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

const files = readSourceFiles(SRC);

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

  it('builds providers only in providers/<name>/index.ts: the server and context know no credentials format', () => {
    const building = /new (OpenViduHttp|VideoSdkHttp|ProviderHttp|VideoSdkTokenSigner|OpenViduDataSource|VideoSdkDataSource)\b/;
    expect(importers(building).filter((p) => !/^providers\/[a-z]+\/index\.ts$/.test(p))).toEqual([]);
    expect(importers(/OPENVIDUAPP|managementToken/).filter((p) => !p.startsWith('providers/'))).toEqual([]);
  });

  it('keeps resolvers away from the HTTP layer and provider wire shapes', () => {
    expect(importers(/from '\.\.\/\.\.\/providers\/(http\/|.*\.dto\.js)/).filter((p) => p.startsWith('resolvers/'))).toEqual([]);
  });
});
