/**
 * Module boundaries (the layering of src/), checked on the source text: got only under providers/,
 * jose only in auth/ and the VideoSDK token helper, livekit-server-sdk only under providers/livekit/,
 * process.env only in main.ts, and resolvers never reaching into the HTTP layer or provider DTOs.
 * The credential layer: only src/credentials/ signs tokens or creates provider rooms and connections,
 * resolvers make no policy or room-access decisions, and server/ reads no constants from resolvers/.
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

  it('keeps resolvers away from the HTTP layer and provider wire shapes', () => {
    expect(importers(/from '\.\.\/\.\.\/providers\/(http\/|.*\.dto\.js)/).filter((p) => p.startsWith('resolvers/'))).toEqual([]);
  });

  it('signs credentials and creates provider rooms only in credentials/', () => {
    // Calls, not definitions: `x.createSession(`; the resolvers' `credentials.openvidu.createSession(` is the service itself.
    const calls = /(?<!credentials\.\w+)\.(issueToken|issueParticipantToken|createSession|createConnection|createMeeting)\(/;
    const callers = importers(calls).filter((p) => !p.startsWith('credentials/'));
    expect(callers).toEqual([]);
    // The VideoSDK signer is called by its data source only, which the credentials layer calls.
    expect(importers(/\.participantToken\(/)).toEqual(['providers/videosdk/videosdk.data-source.ts']);
  });

  it('imports the LiveKit token issuer as a value only in credentials/ and where the services are built', () => {
    const valueImport = /^import (?!type )[^;]*from '[./]*providers\/livekit\/livekit\.token-issuer\.js'/m;
    expect(importers(valueImport).filter((p) => !p.startsWith('credentials/'))).toEqual(['server/gateway-services.ts']);
  });

  it('keeps policy and room-access decisions out of resolvers', () => {
    const resolvers = files.filter((f) => f.path.startsWith('resolvers/'));
    const valueImport = /^import (?!type )[^;]*from '[./]*(policy\/policy|rooms\/room-access\.service)\.js'/m;
    expect(resolvers.filter((f) => valueImport.test(f.text)).map((f) => f.path)).toEqual([]);
    const decisions = /\bpolicy\.|\.(authorizeJoin|authorizeCreate|claim|mayLearnOf|assertMay\w*)\(/;
    expect(resolvers.filter((f) => decisions.test(f.text)).map((f) => f.path)).toEqual([]);
    // Resolvers reach providers and rooms through the context's services, never the service bag.
    expect(resolvers.filter((f) => /ctx\.(services|dataSources)\b/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('keeps server/ from importing resolvers/ (the field marking lives in schema/)', () => {
    expect(importers(/from '\.\.\/(\.\.\/)?resolvers\//).filter((p) => p.startsWith('server/'))).toEqual([]);
  });
});
