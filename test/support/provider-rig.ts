/**
 * Both REST provider doubles with fresh random secrets (canaries: a test greps responses and logs for
 * them), and the environment that points a gateway at them.
 */
import { randomBytes } from 'node:crypto';
import { openViduAuthHeader, startOpenViduDouble, type OpenViduDouble } from './doubles/openvidu-double.js';
import { startVideoSdkDouble, type VideoSdkDouble } from './doubles/videosdk-double.js';

export interface ProviderRig {
  openvidu: OpenViduDouble;
  videosdk: VideoSdkDouble;
  /** Every secret the gateway holds for these providers, in every form it could leak (Basic header included). */
  canaries: string[];
  /** OPENVIDU_* and VIDEOSDK_* variables for startTestGateway. */
  env: Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

const canary = (label: string) => `${label}-${randomBytes(18).toString('hex')}`;

export async function startProviderRig(): Promise<ProviderRig> {
  const openviduSecret = canary('ov-secret');
  const videosdkSecret = canary('vsdk-secret');
  const videosdkKey = canary('vsdk-key');
  const openvidu = await startOpenViduDouble({ secret: openviduSecret });
  const videosdk = await startVideoSdkDouble({ apiKey: videosdkKey, secret: videosdkSecret });
  return {
    openvidu,
    videosdk,
    canaries: [openviduSecret, videosdkSecret, openViduAuthHeader(openviduSecret).slice('Basic '.length)],
    env: {
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: openviduSecret,
      VIDEOSDK_API_KEY: videosdkKey,
      VIDEOSDK_SECRET: videosdkSecret,
      VIDEOSDK_API_URL: videosdk.url,
    },
    reset() {
      openvidu.reset();
      videosdk.reset();
    },
    async close() {
      await openvidu.close();
      await videosdk.close();
    },
  };
}

/** Polls until `predicate` holds, or throws after `timeoutMs` with `what` in the message. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
