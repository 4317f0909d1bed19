/**
 * The LiveKit credential flow without GraphQL or sockets: a caller, a request and an audit scope in,
 * a signed token out (verified with LiveKit's own TokenVerifier), on a memory room store and a fixed
 * clock. Refusals sign nothing and write no audit line.
 */
import { describe, expect, it } from '@jest/globals';
import { TokenVerifier } from 'livekit-server-sdk';
import type { AuditEvent } from '../../../src/audit/audit-log.js';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { LivekitCredentials, generateLivekitRoomName } from '../../../src/credentials/livekit-credentials.js';
import { Policy } from '../../../src/policy/policy.js';
import { LivekitTokenIssuer } from '../../../src/providers/livekit/livekit.token-issuer.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { RoomAccessService } from '../../../src/rooms/room-access.service.js';
import { guestMemberPolicy } from '../../support/policy-files.js';

const config = { apiKey: 'APIcredentials', apiSecret: 'credentials-unit-secret-0123456789abcdef', url: 'wss://livekit.unit.invalid' };
// A fixed instant (whole second) near the real time, so the verifier's own expiry check passes.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const user = (id: string, roles: string[] = ['member'], name: string | null = null): AuthenticatedUser => ({ id, name, roles, expiresAt: 0, claims: {} });

function setup(options: { configured?: boolean } = {}) {
  const policy = new Policy(guestMemberPolicy(5));
  const store = new MemoryRoomStore(() => NOW);
  const rooms = new RoomAccessService(policy, store, () => NOW);
  const issuer = options.configured === false ? null : new LivekitTokenIssuer(config, () => NOW);
  const credentials = new LivekitCredentials(policy, rooms, issuer, () => 'lk_generated0001');
  const audits: AuditEvent[] = [];
  return { credentials, audits, scope: { audit: (event: AuditEvent) => void audits.push(event) } };
}

const verify = (token: string) => new TokenVerifier(config.apiKey, config.apiSecret).verify(token);
const error = (promise: Promise<unknown>) =>
  promise.then(() => null, (e: { extensions: Record<string, unknown> }) => e.extensions);

describe('LivekitCredentials.issueToken', () => {
  it('signs a token for a named room with the policy defaults, the caller as identity, and writes the audit line', async () => {
    const { credentials, audits, scope } = setup();
    const issued = await credentials.issueToken(user('alice', ['member'], 'Alice'), { roomName: 'standup-7' }, scope);

    expect(issued).toMatchObject({ identity: 'alice', name: 'Alice', roomName: 'standup-7', serverUrl: config.url });
    expect(issued.expiresAt.getTime()).toBe(NOW + 600_000);
    expect(issued.grants.canPublishSources).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);
    const claims = await verify(issued.token);
    expect(claims).toMatchObject({ sub: 'alice', name: 'Alice', iss: config.apiKey, exp: NOW / 1000 + 600, nbf: NOW / 1000 });
    expect(claims.video).toMatchObject({ roomJoin: true, room: 'standup-7', canPublish: true, roomAdmin: false });
    expect(audits).toEqual([
      expect.objectContaining({ event: 'credential.issued', provider: 'livekit', room: 'standup-7', owner: false, ttlSeconds: 600 }),
    ]);
  });

  it('applies the requested grants, metadata and attributes, and caps the lifetime at the policy maximum', async () => {
    const { credentials, scope } = setup();
    const issued = await credentials.issueToken(
      user('bob'),
      {
        roomName: 'standup-7',
        participantName: 'Bobby',
        metadata: '{"seat":3}',
        attributes: [{ key: 'team', value: 'red' }],
        grants: { canPublishSources: ['camera'], canPublishData: false },
        ttlSeconds: 86_400,
      },
      scope,
    );
    expect(issued.expiresAt.getTime()).toBe(NOW + 3_600_000);
    expect(issued.grants).toMatchObject({ canPublishSources: ['camera'], canPublishData: false });
    const claims = await verify(issued.token);
    expect(claims).toMatchObject({ name: 'Bobby', metadata: '{"seat":3}', attributes: { team: 'red' } });
    expect(claims.video).toMatchObject({ canPublishSources: ['camera'], canPublishData: false });
  });

  it('generates the room name for a caller whose role may create with a generated id, who gets the owner role there', async () => {
    const { credentials, audits, scope } = setup();
    const issued = await credentials.issueToken(user('carol'), { roomName: null }, scope);
    expect(issued.roomName).toBe('lk_generated0001');
    expect(issued.grants.roomAdmin).toBe(true);
    expect((await verify(issued.token)).video).toMatchObject({ room: 'lk_generated0001', roomAdmin: true });
    expect(audits).toEqual([expect.objectContaining({ room: 'lk_generated0001', owner: true })]);
  });

  it('refuses a generated room to a caller whose roles may not create with a generated id, signing nothing', async () => {
    const { credentials, audits, scope } = setup();
    expect(await error(credentials.issueToken(user('gus', []), {}, scope))).toMatchObject({ code: 'FORBIDDEN', reason: 'rooms.create' });
    expect(audits).toEqual([]);
  });

  it('refuses a room the join patterns do not allow, and grants no role allows, before signing', async () => {
    const { credentials, audits, scope } = setup();
    expect(await error(credentials.issueToken(user('gus', []), { roomName: 'team-x' }, scope))).toMatchObject({ code: 'FORBIDDEN', reason: 'rooms.join' });
    expect(await error(credentials.issueToken(user('bob'), { roomName: 'team-x', grants: { roomAdmin: true } }, scope))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'livekit.roomAdmin',
    });
    expect(audits).toEqual([]);
  });

  it('refuses repeated attribute keys as bad input', async () => {
    const { credentials, scope } = setup();
    const attributes = [{ key: 'team', value: 'red' }, { key: 'team', value: 'blue' }];
    expect(await error(credentials.issueToken(user('bob'), { roomName: 'standup-7', attributes }, scope))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'attributes',
    });
  });

  it('answers PROVIDER_NOT_CONFIGURED without LiveKit configuration, before any room check', async () => {
    const { credentials, scope } = setup({ configured: false });
    expect(await error(credentials.issueToken(user('gus', []), { roomName: 'team-x' }, scope))).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED' });
  });
});

describe('generateLivekitRoomName', () => {
  it('gives distinct names every provider accepts', () => {
    const names = new Set(Array.from({ length: 50 }, generateLivekitRoomName));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^lk_[A-Za-z0-9_-]{16}$/);
  });
});
