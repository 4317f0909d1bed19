import type { GatewayError } from '../../errors/gateway-errors.js';
import { BadUserInputError, NotFoundError } from '../../errors/gateway-errors.js';
import { unknownRoomError } from '../../rooms/room-ids.js';
import { ProviderHttp, type ProviderHttpOptions, type ProviderRequest, type RequestHeaders } from '../http/provider-http.js';

/**
 * OpenVidu 2.x over HTTP: Basic auth with the fixed user `OPENVIDUAPP` and the deployment secret, and
 * the statuses OpenVidu uses to refuse a client's input: 400 (parameters it does not accept) on both
 * creates, 404 (no such session) on createConnection. getSession reads its 404 and createSession its
 * 409 as answers (the data source declares them).
 */
export class OpenViduHttp extends ProviderHttp {
  private readonly basic: string;

  constructor(options: Omit<ProviderHttpOptions, 'provider'>, secret: string) {
    super({ ...options, provider: 'openvidu' });
    this.basic = `Basic ${Buffer.from(`OPENVIDUAPP:${secret}`).toString('base64')}`;
  }

  protected override authorize(headers: RequestHeaders): void {
    headers.authorization = this.basic;
  }

  protected override errorFromResponse(status: number, request: ProviderRequest): GatewayError {
    if (request.operation === 'createSession' && status === 400) return new BadUserInputError('OpenVidu refused the session parameters.');
    if (request.operation === 'createConnection') {
      if (status === 404) return unknownRoomError('openvidu');
      if (status === 400) return new BadUserInputError('OpenVidu refused the connection parameters.');
    }
    // Moderation: on the connection and stream routes 400 is "no such session", 404 "no such connection/stream".
    if (request.operation === 'forceDisconnect' || request.operation === 'forceUnpublish') {
      if (status === 400) return unknownRoomError('openvidu');
      if (status === 404) {
        return request.operation === 'forceDisconnect'
          ? new NotFoundError('The OpenVidu session has no such connection.', 'participant')
          : new NotFoundError('The OpenVidu session has no such stream.', 'track');
      }
      if (status === 405) return new BadUserInputError('OpenVidu cannot unpublish the stream of an IP camera.');
    }
    if (request.operation === 'closeSession' && status === 404) return unknownRoomError('openvidu');
    return super.errorFromResponse(status, request);
  }
}
