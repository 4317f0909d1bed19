import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { IssuesCredential } from '../shared/issues-credential.decorator.js';
import { BadUserInputError } from '../../errors/gateway-errors.js';
import { RateLimited } from '../../rate-limit/rate-limited.decorator.js';
import { IssueLivekitTokenInput } from './issue-livekit-token.input.js';
import type { LivekitJoinGrants } from '../../policy/policy.types.js';
import { LivekitToken, LivekitTrackSourceEnum } from './livekit-token.type.js';

function toAttributes(input: IssueLivekitTokenInput['attributes']): Record<string, string> | undefined {
  if (!input?.length) return undefined;
  // A null-prototype object: keys such as __proto__ stay plain data.
  const attributes: Record<string, string> = Object.create(null);
  for (const { key, value } of input) {
    if (Object.hasOwn(attributes, key)) throw new BadUserInputError('Attribute keys must be unique.', 'attributes');
    attributes[key] = value;
  }
  return { ...attributes };
}

const EVERY_SOURCE = Object.values(LivekitTrackSourceEnum);

/** The sources a token allows, as the API lists them: every source spelled out, none as an empty list. */
function grantedSources(sources: LivekitJoinGrants['canPublishSources']): LivekitTrackSourceEnum[] {
  return sources === 'all' ? [...EVERY_SOURCE] : (sources as LivekitTrackSourceEnum[]);
}

@Authorized()
@Resolver()
export class LivekitTokenResolver {
  @RateLimited()
  @IssuesCredential()
  @Mutation(() => LivekitToken, { description: 'Sign a LiveKit join token for a room, as the caller.' })
  async issueLivekitToken(
    @Arg('input', () => IssueLivekitTokenInput) input: IssueLivekitTokenInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<LivekitToken> {
    const issuer = ctx.dataSources.livekit();
    const { policy, rooms } = ctx.services;
    const { owner } = await rooms.authorizeJoin(user, 'livekit', input.roomName);
    const grants = policy.livekitGrants(user, {
      canPublish: input.canPublish,
      canSubscribe: input.canSubscribe,
      canPublishData: input.canPublishData,
      canPublishSources: input.canPublishSources,
      canUpdateOwnMetadata: input.canUpdateOwnMetadata,
      hidden: input.hidden,
      roomAdmin: input.roomAdmin,
      roomRecord: input.roomRecord,
    }, { owner, rooms: input.roomName });
    const ttlSeconds = policy.ttlSeconds('livekit', input.ttlSeconds);
    const name = input.participantName ?? user.name ?? user.id;
    const { token, expiresAt } = await issuer.issueToken({
      roomName: input.roomName,
      identity: user.id,
      name,
      metadata: input.metadata,
      attributes: toAttributes(input.attributes),
      grants,
      ttlSeconds,
    });
    ctx.audit({ event: 'credential.issued', provider: 'livekit', room: input.roomName, owner, grants, ttlSeconds });
    return {
      token,
      identity: user.id,
      name,
      roomName: input.roomName,
      serverUrl: issuer.serverUrl,
      expiresAt,
      grants: { ...grants, canPublishSources: grantedSources(grants.canPublishSources) },
    };
  }
}
