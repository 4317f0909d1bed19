import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { CredentialField } from '../../schema/credential-field.js';
import { toRoomAccess } from '../rooms/room-access.input.js';
import { toRoom } from '../rooms/room.type.js';
import { OpenViduConnection } from './connection.type.js';
import { CreateConnectionInput } from './create-connection.input.js';
import { CreateSessionInput } from './create-session.input.js';
import { OpenViduSession } from './session.type.js';

@Authorized()
@Resolver()
export class SessionResolver {
  @CredentialField({ provider: 'openvidu' })
  @Mutation(() => OpenViduSession, {
    description: 'Create an OpenVidu session, or return the one with this custom id. The first caller to create it owns it.',
  })
  async createSession(
    @Arg('input', () => CreateSessionInput, { nullable: true }) input: CreateSessionInput | null | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<OpenViduSession> {
    const { session, ownership } = await ctx.credentials.openvidu.createSession(
      user,
      {
        customSessionId: input?.customSessionId,
        mediaMode: input?.mediaMode,
        recordingMode: input?.recordingMode,
        forcedVideoCodec: input?.forcedVideoCodec,
        allowTranscoding: input?.allowTranscoding,
        access: toRoomAccess(input?.access),
      },
      ctx.scope,
    );
    return { ...session, room: toRoom(ownership) };
  }

  @CredentialField({ provider: 'openvidu', issuesCredential: true })
  @Mutation(() => OpenViduConnection, {
    description: 'Create a single-use connection token in a session, as the caller. The session owner gets the policy owner role.',
  })
  async createConnection(
    @Arg('input', () => CreateConnectionInput) input: CreateConnectionInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<OpenViduConnection> {
    return ctx.credentials.openvidu.createConnection(user, { sessionId: input.sessionId, role: input.role, recorded: input.record }, ctx.scope);
  }
}
