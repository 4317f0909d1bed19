import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import type { LivekitConfig } from '../../config/config.types.js';
import { BadUserInputError, NotFoundError, ProviderError, type GatewayError } from '../../errors/gateway-errors.js';
import { parseJsonBody, ProviderHttp, type ProviderCallScope, type ProviderHttpOptions, type ProviderRequest, type RequestHeaders } from '../http/provider-http.js';
import {
  toModerationParticipant,
  toModerationParticipants,
  toModerationTrack,
  type LivekitParticipantInfoDto,
  type LivekitTrackInfoDto,
} from './livekit.room-service.mapper.js';
import type { ModerationParticipant, ModerationTrack } from '../moderation.types.js';
import { unknownRoomError } from '../../rooms/room-ids.js';

/** Lifetime of the token signed for one RoomService call: it only has to outlive the call's deadline. */
export const ROOM_SERVICE_TOKEN_TTL_SECONDS = 60;

/** The RoomService methods the gateway calls (Twirp method names). */
export type RoomServiceMethod = 'ListParticipants' | 'GetParticipant' | 'RemoveParticipant' | 'MutePublishedTrack' | 'DeleteRoom';

/**
 * The only grant each method needs: the participant methods need `roomAdmin` for the very room the
 * body names (a token for another room is refused), DeleteRoom needs `roomCreate` and nothing else.
 */
export function roomServiceGrant(method: RoomServiceMethod, room: string): VideoGrant {
  return method === 'DeleteRoom' ? { roomCreate: true } : { roomAdmin: true, room };
}

/** The request as the room service sends it: the Twirp method is the operation, the body names the room. */
interface RoomServiceRequest extends ProviderRequest {
  operation: RoomServiceMethod;
  json: { room: string } & Record<string, unknown>;
}

/**
 * LiveKit's RoomService (Twirp over JSON) over HTTP. Every request carries a token signed for that
 * call alone (the grant the method needs, a 60 s lifetime, no identity), so a token that leaks from a
 * log or a proxy opens nothing else. Twirp answers an error status with `{code, msg}`; the status says
 * enough, so `errorFromResponse` maps it alone:
 * - 404 `not_found`: the room (DeleteRoom) or the participant (the participant calls) does not exist;
 * - 412 `failed_precondition`: the server refuses to unmute a track remotely (off by default);
 * - 401/403 (a bad token, or a grant the server wants and the token lacks) and anything else: the
 *   shared rules (PROVIDER_ERROR, with the credentials alert for 401/403).
 */
export class LivekitRoomServiceHttp extends ProviderHttp {
  constructor(
    options: Omit<ProviderHttpOptions, 'provider'>,
    private readonly credentials: Pick<LivekitConfig, 'apiKey' | 'apiSecret'>,
  ) {
    super({ ...options, provider: 'livekit' });
  }

  protected override async authorize(headers: RequestHeaders, request: ProviderRequest): Promise<void> {
    const { operation, json } = request as RoomServiceRequest;
    const token = new AccessToken(this.credentials.apiKey, this.credentials.apiSecret, { ttl: ROOM_SERVICE_TOKEN_TTL_SECONDS });
    token.addGrant(roomServiceGrant(operation, json.room));
    headers.authorization = `Bearer ${await token.toJwt()}`;
  }

  protected override errorFromResponse(status: number, request: ProviderRequest): GatewayError {
    if (status === 404) {
      return request.operation === 'DeleteRoom'
        ? unknownRoomError('livekit')
        : new NotFoundError('LiveKit has no such participant in the room.', 'participant');
    }
    if (status === 412 && request.operation === 'MutePublishedTrack') {
      return new BadUserInputError('The LiveKit server does not allow unmuting a track remotely.', 'muted');
    }
    return super.errorFromResponse(status, request);
  }

  /** One Twirp call: POST `twirp/livekit.RoomService/<method>` with a JSON body. */
  send(scope: ProviderCallScope, request: Omit<RoomServiceRequest, 'method' | 'path'>) {
    return this.call(scope, { ...request, method: 'POST', path: `twirp/livekit.RoomService/${request.operation}` });
  }
}

/**
 * Room moderation on LiveKit for one request: list the participants, remove one, mute one of their
 * tracks, end the room. Built per request; shares the HTTP side (pool, breaker). Participants are
 * named by identity (stable across reconnects), tracks by their sid.
 */
export class LivekitRoomService {
  constructor(
    private readonly http: LivekitRoomServiceHttp,
    private readonly scope: ProviderCallScope,
  ) {}

  /**
   * The participants of a room. An unknown room has none: a self-hosted server answers an empty list,
   * and a 404 (seen with other server settings) is read the same way. Safe to retry.
   */
  async listParticipants(room: string): Promise<ModerationParticipant[]> {
    const response = await this.http.send(this.scope, { operation: 'ListParticipants', json: { room }, idempotent: true, expectedStatuses: [404] });
    if (response.status === 404) {
      // Only Twirp's `not_found` is "no such room"; a `bad_route` 404 is a wrong URL, not an empty room.
      if (twirpCode(response.body) === 'not_found') return [];
      throw new ProviderError('livekit', 'The livekit provider answered with status 404.');
    }
    const body = parseJsonBody<{ participants?: LivekitParticipantInfoDto[] | null }>('livekit', response.body);
    return toModerationParticipants(body.participants);
  }

  /** One participant; NOT_FOUND (`participant`) when the room has no such identity. Safe to retry. */
  async getParticipant(room: string, identity: string): Promise<ModerationParticipant> {
    const response = await this.http.send(this.scope, { operation: 'GetParticipant', json: { room, identity }, idempotent: true });
    const participant = toModerationParticipant(parseJsonBody<LivekitParticipantInfoDto>('livekit', response.body));
    if (!participant) throw new NotFoundError('LiveKit has no such participant in the room.', 'participant');
    return participant;
  }

  /** Disconnects a participant; NOT_FOUND (`participant`) when it is not in the room (also on a repeat). */
  async removeParticipant(room: string, identity: string): Promise<void> {
    await this.http.send(this.scope, { operation: 'RemoveParticipant', json: { room, identity } });
  }

  /**
   * Mutes (or unmutes) one published track. The server does not check the participant before routing
   * the call (an unknown one ends in a slow timeout) and answers an unknown track with `track: null`,
   * so the participant and track are looked up first: NOT_FOUND (`participant` or `track`) when absent.
   * Unmuting is refused unless the server allows it (BAD_USER_INPUT, field `muted`).
   */
  async muteTrack(room: string, identity: string, trackId: string, muted: boolean): Promise<ModerationTrack> {
    const participant = await this.getParticipant(room, identity);
    if (!participant.tracks.some((t) => t.id === trackId)) throw trackNotFound();
    // `muted: false` is sent explicitly; the server reads an absent `muted` as false too.
    const response = await this.http.send(this.scope, { operation: 'MutePublishedTrack', json: { room, identity, trackSid: trackId, muted } });
    const { track } = parseJsonBody<{ track?: LivekitTrackInfoDto | null }>('livekit', response.body);
    if (!track) throw trackNotFound();
    return toModerationTrack(track);
  }

  /** Ends the room: everyone is disconnected. NOT_FOUND (`room`) when LiveKit has no such room (also on a repeat). */
  async deleteRoom(room: string): Promise<void> {
    await this.http.send(this.scope, { operation: 'DeleteRoom', json: { room } });
  }
}

function trackNotFound(): NotFoundError {
  return new NotFoundError('The participant has no such published track.', 'track');
}

/** The `code` of a Twirp error body, or undefined when the body is not one. */
function twirpCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
