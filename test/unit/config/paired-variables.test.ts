/**
 * The paired-variable rules (src/config/config-rules.ts): each provider's key and secret (or URL and
 * secret) only mean something together, and caller authentication is one of two modes. One helper
 * states each rule; these cases check every pair both ways round, in development and in production.
 */
import { describe, expect, it } from '@jest/globals';
import { configProblems } from '../../support/config-problems.js';

const CALLER = 'paired-variables-test-caller-secret-0123456789';
const STRONG = 'p'.repeat(40);

const PAIRS: Array<[string, string, string]> = [
  ['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'lk-key'],
  ['OPENVIDU_URL', 'OPENVIDU_SECRET', 'https://ov.example.com'],
  ['VIDEOSDK_API_KEY', 'VIDEOSDK_SECRET', 'vsdk-key'],
];

describe('paired variables', () => {
  describe.each(PAIRS)('%s with %s', (first, second, firstValue) => {
    it.each(['development', 'production'])('names the missing half, whichever it is (%s)', (NODE_ENV) => {
      const base = { NODE_ENV, AUTH_JWT_SECRET: CALLER, AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', LIVEKIT_URL: 'wss://lk.example.com' };
      expect(configProblems({ ...base, [first]: firstValue })).toContain(`${second}: required when ${first} is set`);
      expect(configProblems({ ...base, [second]: STRONG })).toContain(`${first}: required when ${second} is set`);
      const both = configProblems({ ...base, [first]: firstValue, [second]: STRONG });
      expect(both.filter((p) => p.includes('required when'))).toEqual([]);
    });
  });

  it('refuses AUTH_JWT_SECRET together with AUTH_JWKS_URL, naming both', () => {
    expect(configProblems({ AUTH_JWT_SECRET: CALLER, AUTH_JWKS_URL: 'https://idp.example.com/jwks' })).toEqual([
      'AUTH_JWT_SECRET and AUTH_JWKS_URL: set one of them, not both',
    ]);
    expect(configProblems({ AUTH_JWKS_URL: 'https://idp.example.com/jwks' })).toEqual([]);
    expect(configProblems({ AUTH_JWT_SECRET: CALLER })).toEqual([]);
  });
});
