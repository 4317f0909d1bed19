import type { Logger } from 'pino';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../auth/verify-access-token.js';
import type { Config } from '../config/load-config.js';
import { createMetrics, type GatewayMetrics } from '../observability/metrics.js';
import { Policy } from '../policy/policy.js';
import { DEFAULT_POLICY } from '../policy/default-policy.js';
import { createHttpClient, type HttpClient } from '../providers/http/create-http-client.js';
import { LivekitTokenIssuer } from '../providers/livekit/livekit.token-issuer.js';
import { VideoSdkTokenSigner } from '../providers/videosdk/videosdk.token.js';

/** One line of `GET /readyz`. `detail` is for operators and must never hold a secret. */
export interface ReadinessResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/** An extra readiness check (e.g. "Redis answers PING"); it should settle within a second or two. */
export type ReadinessCheck = () => Promise<ReadinessResult>;

/** The long-lived pieces shared by every request: built once at start-up, closed at shutdown. */
export interface GatewayServices {
  config: Config;
  logger: Logger;
  metrics: GatewayMetrics;
  verifyAccessToken: AccessTokenVerifier;
  policy: Policy;
  openvidu: { http: HttpClient } | null;
  videosdk: { http: HttpClient; signer: VideoSdkTokenSigner } | null;
  livekit: LivekitTokenIssuer | null;
  /** Checks `GET /readyz` runs besides configuration and provider circuits (shared stores plug in here). */
  readinessChecks?: ReadinessCheck[];
  close(): Promise<void>;
}

export function createGatewayServices(config: Config, logger: Logger): GatewayServices {
  const metrics = createMetrics();
  const common = { resilience: config.providers, metrics, logger };
  const openvidu = config.openvidu
    ? {
        http: createHttpClient({
          ...common,
          provider: 'openvidu',
          prefixUrl: config.openvidu.url,
          timeoutMs: config.openvidu.timeoutMs,
          connectTimeoutMs: config.openvidu.connectTimeoutMs,
          authorize: (() => {
            const basic = `Basic ${Buffer.from(`OPENVIDUAPP:${config.openvidu.secret}`).toString('base64')}`;
            return (headers) => {
              headers.authorization = basic;
            };
          })(),
        }),
      }
    : null;

  let videosdk: GatewayServices['videosdk'] = null;
  if (config.videosdk) {
    const signer = new VideoSdkTokenSigner(config.videosdk.apiKey, config.videosdk.secret);
    const http = createHttpClient({
      ...common,
      provider: 'videosdk',
      prefixUrl: config.videosdk.apiUrl,
      timeoutMs: config.videosdk.timeoutMs,
      connectTimeoutMs: config.videosdk.connectTimeoutMs,
      authorize: () => undefined,
    });
    // The management JWT is async to sign, so it is added in a hook got awaits.
    http.got = http.got.extend({
      hooks: {
        beforeRequest: [
          async (request) => {
            request.headers.authorization = await signer.managementToken();
          },
        ],
      },
    });
    videosdk = { http, signer };
  }

  return {
    config,
    logger,
    metrics,
    verifyAccessToken: createAccessTokenVerifier(config.auth),
    policy: new Policy(DEFAULT_POLICY),
    openvidu,
    videosdk,
    livekit: config.livekit ? new LivekitTokenIssuer(config.livekit) : null,
    readinessChecks: [],
    async close() {
      openvidu?.http.close();
      videosdk?.http.close();
    },
  };
}
