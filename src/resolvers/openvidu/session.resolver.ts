import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { IssuesCredential } from '../shared/issues-credential.decorator.js';
import { OpenViduConnection } from './connection.type.js';
import { CreateConnectionInput } from './create-connection.input.js';
import { CreateSessionInput } from './create-session.input.js';
import { OpenViduSession } from './session.type.js';

@Authorized()
@Resolver()
export class SessionResolver {
  @Mutation(() => OpenViduSession, { description: 'Create an OpenVidu session, or return the one with this custom id.' })
  async createSession(
    @Arg('input', () => CreateSessionInput, { nullable: true }) input: CreateSessionInput | null | undefined,
    @CurrentUser() _user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<OpenViduSession> {
    const openvidu = ctx.dataSources.openvidu();
    return openvidu.createSession({
      customSessionId: input?.customSessionId,
      mediaMode: input?.mediaMode,
      recordingMode: input?.recordingMode,
      forcedVideoCodec: input?.forcedVideoCodec,
      allowTranscoding: input?.allowTranscoding,
    });
  }

  @IssuesCredential()
  @Mutation(() => OpenViduConnection, { description: 'Create a single-use connection token in a session, as the caller.' })
  async createConnection(
    @Arg('input', () => CreateConnectionInput) input: CreateConnectionInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<OpenViduConnection> {
    const openvidu = ctx.dataSources.openvidu();
    const role = ctx.services.policy.openViduRole(user, input.role);
    return openvidu.createConnection(input.sessionId, {
      type: 'WEBRTC',
      role,
      record: input.record,
      data: JSON.stringify({ userId: user.id, name: user.name ?? user.id }),
    });
  }
}
