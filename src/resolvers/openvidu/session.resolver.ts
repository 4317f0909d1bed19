import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { RateLimited } from '../../rate-limit/rate-limited.decorator.js';
import { toRoomAccess } from '../rooms/room-access.input.js';
import { toRoom } from '../rooms/room.type.js';
import { IssuesCredential } from '../shared/issues-credential.decorator.js';
import { roomScope } from '../shared/room-scope.js';
import { OpenViduConnection } from './connection.type.js';
import { CreateConnectionInput } from './create-connection.input.js';
import { CreateSessionInput } from './create-session.input.js';
import { OpenViduRecordingMode, OpenViduSession } from './session.type.js';

@Authorized()
@Resolver()
export class SessionResolver {
  @RateLimited()
  @Mutation(() => OpenViduSession, {
    description: 'Create an OpenVidu session, or return the one with this custom id. The first caller to create it owns it.',
  })
  async createSession(
    @Arg('input', () => CreateSessionInput, { nullable: true }) input: CreateSessionInput | null | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<OpenViduSession> {
    const openvidu = ctx.dataSources.openvidu();
    const { policy, rooms } = ctx.services;
    const access = toRoomAccess(input?.access);
    // A session recorded from the start is a recording grant, checked on top of the create rules.
    if (input?.recordingMode === OpenViduRecordingMode.ALWAYS) {
      policy.assertMayCreate(user, 'openvidu', input.customSessionId, { recording: true });
    }
    await rooms.authorizeCreate(user, 'openvidu', input?.customSessionId, access);
    const session = await openvidu.createSession({
      customSessionId: input?.customSessionId,
      mediaMode: input?.mediaMode,
      recordingMode: input?.recordingMode,
      forcedVideoCodec: input?.forcedVideoCodec,
      allowTranscoding: input?.allowTranscoding,
    });
    const claim = await rooms.claim(user, 'openvidu', { roomId: session.id, customId: null }, access);
    if (claim.created) {
      ctx.audit({ event: 'room.created', provider: 'openvidu', room: session.id, customId: null, access: claim.record.access });
    }
    return { ...session, room: toRoom(claim.record) };
  }

  @RateLimited()
  @IssuesCredential()
  @Mutation(() => OpenViduConnection, {
    description: 'Create a single-use connection token in a session, as the caller. The session owner gets the policy owner role.',
  })
  async createConnection(
    @Arg('input', () => CreateConnectionInput) input: CreateConnectionInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<OpenViduConnection> {
    const openvidu = ctx.dataSources.openvidu();
    const decision = await ctx.services.rooms.authorizeJoin(user, 'openvidu', input.sessionId);
    const { owner } = decision;
    const role = ctx.services.policy.openViduRole(user, { role: input.role, record: input.record }, roomScope(decision, input.sessionId));
    const connection = await openvidu.createConnection(input.sessionId, {
      type: 'WEBRTC',
      role,
      record: input.record,
      data: JSON.stringify({ userId: user.id, name: user.name ?? user.id }),
    });
    ctx.audit({
      event: 'credential.issued',
      provider: 'openvidu',
      room: input.sessionId,
      owner,
      role,
      connectionId: connection.id,
      ttlSeconds: null,
    });
    return connection;
  }
}
