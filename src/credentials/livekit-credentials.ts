import { randomBytes } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BadUserInputError, ProviderNotConfiguredError } from '../errors/gateway-errors.js';
import type { LivekitGrantRequest, Policy, RoomScope } from '../policy/policy.js';
import type { LivekitJoinGrants, LivekitTrackSource } from '../policy/policy.types.js';
import type { LivekitTokenIssuer } from '../providers/livekit/livekit.token-issuer.js';
import type { RoomAccessService } from '../rooms/room-access.service.js';
import type { AuditScope } from './request-scope.js';

/** A participant attribute as a client sends it; keys must be unique. */
export interface ParticipantAttribute {
  key: string;
  value: string;
}

/**
 * A LiveKit token request, as any transport hands it over (already validated for shape: room-name
 * charset, text bounds, attribute keys). Unset grants get the policy defaults of the caller's role.
 */
export interface LivekitCredentialRequest {
  /**
   * The room to join. Unset: a new room whose name the gateway generates, for callers with a role
   * that has `rooms.createWithGeneratedId`; the caller then gets the owner role in it for this token.
   */
  roomName?: string | null;
  /** Display name; the caller's token name, else the caller id, when unset. */
  participantName?: string | null;
  metadata?: string | null;
  attributes?: readonly ParticipantAttribute[] | null;
  grants?: LivekitGrantRequest;
  /** Capped at the policy maximum; the policy default when unset. */
  ttlSeconds?: number | null;
}

/** The grants written into the token, every source spelled out (none when the token may not publish). */
export type IssuedLivekitGrants = Omit<LivekitJoinGrants, 'canPublishSources'> & { canPublishSources: LivekitTrackSource[] };

export interface IssuedLivekitToken {
  token: string;
  /** Always the caller id. */
  identity: string;
  name: string;
  roomName: string;
  serverUrl: string;
  expiresAt: Date;
  grants: IssuedLivekitGrants;
}

const EVERY_SOURCE: LivekitTrackSource[] = ['camera', 'microphone', 'screen_share', 'screen_share_audio'];

/** A fresh room name nobody can guess: `lk_` and 16 base64url characters (96 random bits). */
export function generateLivekitRoomName(): string {
  return `lk_${randomBytes(12).toString('base64url')}`;
}

function toAttributes(input: LivekitCredentialRequest['attributes']): Record<string, string> | undefined {
  if (!input?.length) return undefined;
  // A null-prototype object: keys such as __proto__ stay plain data.
  const attributes: Record<string, string> = Object.create(null);
  for (const { key, value } of input) {
    if (Object.hasOwn(attributes, key)) throw new BadUserInputError('Attribute keys must be unique.', 'attributes');
    attributes[key] = value;
  }
  return { ...attributes };
}

/**
 * LiveKit join tokens: check the room, decide the grants and lifetime from the policy, sign locally,
 * write the audit line. Transport-neutral: GraphQL and any other entry point call `issueToken` with
 * the authenticated caller and an audit scope.
 */
export class LivekitCredentials {
  constructor(
    private readonly policy: Policy,
    private readonly rooms: RoomAccessService,
    private readonly issuer: LivekitTokenIssuer | null,
    private readonly generateRoomName: () => string = generateLivekitRoomName,
  ) {}

  async issueToken(caller: AuthenticatedUser, request: LivekitCredentialRequest, scope: AuditScope): Promise<IssuedLivekitToken> {
    if (!this.issuer) throw new ProviderNotConfiguredError('livekit');
    const { roomName, room } = await this.authorize(caller, request.roomName);
    const grants = this.policy.livekitGrants(caller, request.grants ?? {}, room);
    const ttlSeconds = this.policy.ttlSeconds('livekit', request.ttlSeconds);
    const name = request.participantName ?? caller.name ?? caller.id;
    const { token, expiresAt } = await this.issuer.issueToken({
      roomName,
      identity: caller.id,
      name,
      metadata: request.metadata ?? undefined,
      attributes: toAttributes(request.attributes),
      grants,
      ttlSeconds,
    });
    scope.audit({ event: 'credential.issued', provider: 'livekit', room: roomName, owner: room.owner, grants, ttlSeconds });
    return {
      token,
      identity: caller.id,
      name,
      roomName,
      serverUrl: this.issuer.serverUrl,
      expiresAt,
      grants: { ...grants, canPublishSources: grants.canPublishSources === 'all' ? [...EVERY_SOURCE] : grants.canPublishSources },
    };
  }

  /** The room the token is for, and its policy scope: a named room by the join rules, or a generated one. */
  private async authorize(caller: AuthenticatedUser, requested: string | null | undefined): Promise<{ roomName: string; room: RoomScope }> {
    if (requested === undefined || requested === null) {
      this.policy.assertMayCreateLivekitRoom(caller);
      const roomName = this.generateRoomName();
      // The caller brings the room into being: the owner role applies, as for a created session.
      return { roomName, room: { owner: true, rooms: roomName } };
    }
    const { owner } = await this.rooms.authorizeJoin(caller, 'livekit', requested);
    return { roomName: requested, room: { owner, rooms: requested } };
  }
}
