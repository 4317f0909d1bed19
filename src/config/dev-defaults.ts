/** Secrets used when nothing is configured, so `npm start` serves on a fresh machine. Never in production. */
export const DEV_DEFAULTS = {
  authSecret: 'callgate-development-only-caller-secret-0001',
  livekitApiKey: 'devkey',
  livekitApiSecret: 'secret',
  livekitUrl: 'ws://localhost:7880',
} as const;

/** OpenVidu's documented default secret (its dev container and quick-start use it): public, like DEV_DEFAULTS. */
export const OPENVIDU_DEFAULT_SECRET = 'MY_SECRET';
