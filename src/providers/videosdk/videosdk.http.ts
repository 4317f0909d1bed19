import type { GatewayError } from '../../errors/gateway-errors.js';
import { BadUserInputError, NotFoundError } from '../../errors/gateway-errors.js';
import { unknownRoomError } from '../../rooms/room-ids.js';
import { ProviderHttp, type ProviderHttpOptions, type ProviderRequest, type RequestHeaders } from '../http/provider-http.js';
import type { VideoSdkTokenSigner } from './videosdk.token.js';

/**
 * The statuses VideoSDK answers "no such room, session or participant" with. Its server is closed
 * source and these are not documented per call: they are what VideoSDK's own server SDK reads as
 * "not found". Change them here if VideoSDK turns out to answer otherwise (e.g. 400 for a participant
 * that is not in the session); the data source and the mapping below both read this list.
 */
export const VIDEOSDK_NOT_FOUND_STATUSES: readonly number[] = [402, 404];

/**
 * VideoSDK's REST API over HTTP: every request carries the gateway's management JWT (signed, and
 * renewed before it expires, by the token signer), and createMeeting's 400/422 are VideoSDK refusing
 * the meeting parameters. validateMeeting reads its 400/404 as "not a meeting" and the moderation
 * reads read VIDEOSDK_NOT_FOUND_STATUSES as "nobody connected" (the data source declares them); for
 * removeParticipant and endSession those statuses are NOT_FOUND. Error bodies (JSON `{message}` or
 * plain text) are never read, so nothing VideoSDK writes in them reaches a client; the status is
 * logged with the call.
 */
export class VideoSdkHttp extends ProviderHttp {
  constructor(
    options: Omit<ProviderHttpOptions, 'provider'>,
    private readonly signer: VideoSdkTokenSigner,
  ) {
    super({ ...options, provider: 'videosdk' });
  }

  protected override async authorize(headers: RequestHeaders): Promise<void> {
    headers.authorization = await this.signer.managementToken();
  }

  protected override errorFromResponse(status: number, request: ProviderRequest): GatewayError {
    if (request.operation === 'createMeeting' && (status === 400 || status === 422)) {
      return new BadUserInputError('VideoSDK refused the meeting parameters.');
    }
    if (VIDEOSDK_NOT_FOUND_STATUSES.includes(status)) {
      // VideoSDK does not say which is missing: the live session or the participant in it.
      if (request.operation === 'removeParticipant') return new NotFoundError('The VideoSDK meeting has no live session with this participant.', 'participant');
      if (request.operation === 'endSession') return unknownRoomError('videosdk');
    }
    return super.errorFromResponse(status, request);
  }
}
