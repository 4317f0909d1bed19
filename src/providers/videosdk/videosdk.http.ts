import type { GatewayError } from '../../errors/gateway-errors.js';
import { BadUserInputError } from '../../errors/gateway-errors.js';
import { ProviderHttp, type ProviderHttpOptions, type ProviderRequest, type RequestHeaders } from '../http/provider-http.js';
import type { VideoSdkTokenSigner } from './videosdk.token.js';

/**
 * VideoSDK's REST API over HTTP: every request carries the gateway's management JWT (signed, and
 * renewed before it expires, by the token signer), and createMeeting's 400/422 are VideoSDK refusing
 * the meeting parameters. validateMeeting reads its 400/404 as "not a meeting" (the data source
 * declares them).
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
    return super.errorFromResponse(status, request);
  }
}
