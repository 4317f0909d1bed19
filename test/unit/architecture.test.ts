/**
 * Module boundaries (the layering of src/), checked on the source text: got only under providers/,
 * jose only in auth/ and the VideoSDK token helper, livekit-server-sdk only under providers/livekit/,
 * process.env only in main.ts, providers built only by their index.ts, resolvers never reaching into
 * the HTTP layer or provider DTOs, and no import cycle among src/ modules (type-only imports count:
 * they tie the modules' meaning together). The credential layer: only src/credentials/ signs tokens or
 * creates provider rooms and connections, resolvers make no policy or room-access decisions, and
 * server/ reads no constants from resolvers/.
 */
import { posix } from 'node:path';
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
    const building = /new (OpenViduHttp|VideoSdkHttp|LivekitRoomServiceHttp|ProviderHttp|VideoSdkTokenSigner|OpenViduDataSource|VideoSdkDataSource|LivekitRoomService)\b/;
    expect(importers(building).filter((p) => !/^providers\/[a-z]+\/index\.ts$/.test(p))).toEqual([]);
    expect(importers(/OPENVIDUAPP|managementToken/).filter((p) => !p.startsWith('providers/'))).toEqual([]);
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

  it('calls the providers\' moderation operations only from credentials/ (authorize, call, audit), never from resolvers or server/', () => {
    // Calls, not definitions; `credentials.moderation.removeParticipant(` is the service itself.
    const calls = /(?<!credentials\.\w+)\.(listParticipants|removeParticipant|forceDisconnect|forceUnpublish|closeSession|muteTrack|deleteRoom|endSession)\(/;
    expect(importers(calls).filter((p) => !p.startsWith('credentials/') && !p.startsWith('providers/'))).toEqual([]);
    // The request's LiveKit RoomService client is handed out by the context and taken only by the credentials layer.
    expect(importers(/\.livekitRoomService\(\)/)).toEqual(['credentials/room-moderation.ts']);
    // The moderation decision lives in rooms/ and is asked for by the credentials layer only.
    expect(importers(/\.authorizeModeration\(/)).toEqual(['credentials/room-moderation.ts']);
  });

  it('imports the LiveKit token issuer as a value only in credentials/ and where the provider is built', () => {
    const valueImport = /^import (?!type )[^;]*from '[./]*(providers\/livekit\/)?livekit\.token-issuer\.js'/m;
    expect(importers(valueImport).filter((p) => !p.startsWith('credentials/'))).toEqual(['providers/livekit/index.ts']);
  });

  it('keeps policy and room-access decisions out of resolvers', () => {
    const resolvers = files.filter((f) => f.path.startsWith('resolvers/'));
    const valueImport = /^import (?!type )[^;]*from '[./]*(policy\/policy|rooms\/room-access\.service)\.js'/m;
    expect(resolvers.filter((f) => valueImport.test(f.text)).map((f) => f.path)).toEqual([]);
    const decisions = /\bpolicy\.|\.(authorizeJoin|authorizeCreate|authorizeModeration|claim|mayLearnOf|mayModerate|assertMay\w*)\(|\bmoderationRight\(/;
    expect(resolvers.filter((f) => decisions.test(f.text)).map((f) => f.path)).toEqual([]);
    // Resolvers reach providers and rooms through the context's services, never the service bag.
    expect(resolvers.filter((f) => /ctx\.(services|dataSources)\b/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('keeps server/ from importing resolvers/ (the field marking lives in schema/)', () => {
    expect(importers(/from '\.\.\/(\.\.\/)?resolvers\//).filter((p) => p.startsWith('server/'))).toEqual([]);
  });
});

/** The relative modules a file imports or re-exports (static, side-effect and dynamic forms), as src/ paths. */
function importsOf(path: string, text: string): string[] {
  const specifiers = [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? m[2]);
  return specifiers.map((s) => posix.normalize(posix.join(posix.dirname(path), s)).replace(/\.js$/, '.ts'));
}

/** Every cycle's path (first module repeated at the end), found by depth-first search; [] when there is none. */
function findImportCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import graph', () => {
  const graph = new Map(files.map((f) => [f.path.split('\\').join('/'), importsOf(f.path.split('\\').join('/'), f.text)]));

  it('finds a cycle when there is one (the check itself works)', () => {
    const cyclic = new Map([
      ['config/a.ts', ['policy/b.ts']],
      ['policy/b.ts', ['providers/c.ts']],
      ['providers/c.ts', ['config/a.ts']],
      ['main.ts', ['config/a.ts']],
    ]);
    expect(findImportCycles(cyclic)).toEqual([['config/a.ts', 'policy/b.ts', 'providers/c.ts', 'config/a.ts']]);
    expect(findImportCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('resolves every relative import to a file under src/', () => {
    const unresolved = [...graph].flatMap(([from, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${from} -> ${t}`));
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle among src/ modules', () => {
    expect(findImportCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
