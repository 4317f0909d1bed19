import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { CredentialField } from '../../schema/credential-field.js';
import { IssueLivekitTokenInput } from './issue-livekit-token.input.js';
import { LivekitToken, type LivekitTrackSourceEnum } from './livekit-token.type.js';

@Authorized()
@Resolver()
export class LivekitTokenResolver {
  @CredentialField({ provider: 'livekit', issuesCredential: true })
  @Mutation(() => LivekitToken, { description: 'Sign a LiveKit join token for a room, as the caller.' })
  async issueLivekitToken(
    @Arg('input', () => IssueLivekitTokenInput) input: IssueLivekitTokenInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<LivekitToken> {
    const issued = await ctx.credentials.livekit.issueToken(
      user,
      {
        roomName: input.roomName,
        participantName: input.participantName,
        metadata: input.metadata,
        attributes: input.attributes,
        grants: {
          canPublish: input.canPublish,
          canSubscribe: input.canSubscribe,
          canPublishData: input.canPublishData,
          canPublishSources: input.canPublishSources,
          canUpdateOwnMetadata: input.canUpdateOwnMetadata,
          hidden: input.hidden,
          roomAdmin: input.roomAdmin,
          roomRecord: input.roomRecord,
        },
        ttlSeconds: input.ttlSeconds,
      },
      ctx.scope,
    );
    return { ...issued, grants: { ...issued.grants, canPublishSources: issued.grants.canPublishSources as LivekitTrackSourceEnum[] } };
  }
}
