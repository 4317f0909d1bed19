import type { VideoSdkConfig } from '../../config/config.types.js';
import type { HttpProvider, ProviderSetup } from '../http/provider-setup.js';
import { VideoSdkDataSource } from './videosdk.data-source.js';
import { VideoSdkHttp } from './videosdk.http.js';
import { VideoSdkTokenSigner } from './videosdk.token.js';

export type VideoSdkProvider = HttpProvider<VideoSdkDataSource> & {
  /** The Authorization value VideoSDK's own endpoints expect (e.g. for fetching its webhook public key). */
  authorization(): Promise<string>;
};

/**
 * VideoSDK as the gateway holds it: one token signer (participant tokens, and the management token the
 * HTTP side authorizes its requests with), one HTTP side (pool, breaker) and per-request data sources.
 */
export function createVideoSdkProvider(config: VideoSdkConfig, setup: ProviderSetup): VideoSdkProvider {
  const signer = new VideoSdkTokenSigner(config.apiKey, config.secret);
  const http = new VideoSdkHttp(
    { ...setup, prefixUrl: config.apiUrl, timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs },
    signer,
  );
  return {
    http,
    dataSource: (scope) => new VideoSdkDataSource(http, signer, scope),
    close: () => http.close(),
    authorization: () => signer.managementToken(),
  };
}
