/** The webhook settings: defaults, the production secret length, and the VideoSDK key URL. */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../src/config/load-config.js';
import { configProblems } from '../../support/config-problems.js';

const production = {
  NODE_ENV: 'production',
  AUTH_JWT_SECRET: 'a'.repeat(40),
  LIVEKIT_API_KEY: 'k',
  LIVEKIT_API_SECRET: 'y'.repeat(40),
  LIVEKIT_URL: 'wss://lk.example.com',
};

describe('webhook configuration', () => {
  it('has no OpenVidu webhook and the VideoSDK key next to its API by default', () => {
    expect(loadConfig({}).webhooks).toEqual({ openviduSecret: null, videosdkPublicKeyUrl: null, bodyLimitBytes: 65536, dedupTtlMs: 900_000 });
    const withVideoSdk = loadConfig({ AUTH_JWT_SECRET: 'c'.repeat(40), VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 's', VIDEOSDK_API_URL: 'https://vsdk.example.com/' });
    expect(withVideoSdk.webhooks.videosdkPublicKeyUrl).toBe('https://vsdk.example.com/v2/public/rsa-public-key');
    const pinned = loadConfig({ AUTH_JWT_SECRET: 'c'.repeat(40), VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 's', VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL: 'https://keys.example.com/videosdk' });
    expect(pinned.webhooks.videosdkPublicKeyUrl).toBe('https://keys.example.com/videosdk');
  });

  it('requires a 32-byte OpenVidu webhook secret in production, on one line', () => {
    expect(configProblems({ ...production, OPENVIDU_WEBHOOK_SECRET: 'short' })).toEqual(expect.arrayContaining([expect.stringMatching(/^OPENVIDU_WEBHOOK_SECRET: must be at least 32 bytes/)]));
    expect(loadConfig({ ...production, OPENVIDU_WEBHOOK_SECRET: 'z'.repeat(32) }).webhooks.openviduSecret).toBe('z'.repeat(32));
    expect(loadConfig({ OPENVIDU_WEBHOOK_SECRET: 'short' }).webhooks.openviduSecret).toBe('short');
  });

  it('refuses a dedup TTL shorter than LiveKit token lifetime and a cleartext key URL in production', () => {
    expect(configProblems({ WEBHOOK_DEDUP_TTL_SECONDS: '60' }).join('\n')).toMatch(/WEBHOOK_DEDUP_TTL_SECONDS/);
    expect(configProblems({ WEBHOOK_BODY_LIMIT_BYTES: '10' }).join('\n')).toMatch(/WEBHOOK_BODY_LIMIT_BYTES/);
    expect(
      configProblems({ ...production, VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'v'.repeat(40), VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL: 'http://keys.example.com/k' }).join('\n'),
    ).toMatch(/VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL: must use https in production/);
  });
});
