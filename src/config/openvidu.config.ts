import type { OpenViduConfig } from './config.types.js';
import { pairedVariables, requireStrongSecretInProduction, requireTlsInProduction, type ConfigContext } from './config-rules.js';
import { OPENVIDU_DEFAULT_SECRET } from './dev-defaults.js';

/** OpenVidu: OPENVIDU_URL with OPENVIDU_SECRET, and the call deadlines; null when neither is set. */
export function openviduConfig(ctx: ConfigContext): OpenViduConfig | null {
  const { e } = ctx;
  if (!pairedVariables(ctx, 'OPENVIDU_URL', 'OPENVIDU_SECRET')) return null;
  requireTlsInProduction(ctx, 'OPENVIDU_URL', e.OPENVIDU_URL);
  // OpenVidu lets the operator choose its secret, so production holds it to the HMAC key length.
  requireStrongSecretInProduction(ctx, 'OPENVIDU_SECRET', e.OPENVIDU_SECRET, {
    value: OPENVIDU_DEFAULT_SECRET,
    what: "OpenVidu's documented default secret",
  });
  return {
    url: (e.OPENVIDU_URL ?? '').replace(/\/+$/, ''),
    secret: e.OPENVIDU_SECRET ?? '',
    timeoutMs: e.OPENVIDU_TIMEOUT_MS,
    connectTimeoutMs: Math.min(e.OPENVIDU_CONNECT_TIMEOUT_MS, e.OPENVIDU_TIMEOUT_MS),
  };
}
