/**
 * How each provider signs or authenticates a webhook delivery, written from the providers' documented
 * schemes, so tests send what a real provider would:
 * - LiveKit: `Authorization: <JWT>` (no Bearer), HS256 with the API secret, claims iss = API key,
 *   nbf/iat = now, exp = now + 5 min, sha256 = base64 (standard, padded) SHA-256 of the body bytes.
 *   livekit-server-sdk has a verifier (WebhookReceiver) but no signer, so jose signs it here.
 * - OpenVidu: the static `Authorization: Bearer <secret>` header configured in OPENVIDU_WEBHOOK_HEADERS.
 * - VideoSDK: `videosdk-signature`, base64 RSA-SHA256 (PKCS#1 v1.5) of the body bytes with its private key.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { createDoubleServer, sendJson, type DoubleServer } from './doubles/double-server.js';

export const bodySha256 = (body: string | Buffer) => createHash('sha256').update(body).digest('base64');

export async function livekitWebhookAuthorization(
  body: string | Buffer,
  key: { apiKey: string; apiSecret: string },
  options: { nowSeconds?: number; sha256?: string } = {},
): Promise<string> {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ sha256: options.sha256 ?? bodySha256(body) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(key.apiKey)
    .setNotBefore(now)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(key.apiSecret));
}

export const openviduWebhookHeaders = (secret: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${secret}` });

export interface VideoSdkSigningKeys {
  privateKey: KeyObject;
  publicPem: string;
}

export function videosdkSigningKeys(): VideoSdkSigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export const videosdkSignature = (body: string | Buffer, privateKey: KeyObject) => sign('RSA-SHA256', Buffer.from(body), privateKey).toString('base64');

/**
 * A stand-in for VideoSDK's public-key endpoint (`GET /v2/public/rsa-public-key` answering
 * `{ "publicKey": "<PEM>" }`) on 127.0.0.1; `keys.current` can be swapped to play a key rotation.
 */
export async function startVideoSdkKeyDouble(keys: { current: VideoSdkSigningKeys }): Promise<DoubleServer & { keyUrl: string }> {
  const double = await createDoubleServer((req, res) => {
    if (req.method === 'GET' && req.path === '/v2/public/rsa-public-key') return sendJson(res, 200, { publicKey: keys.current.publicPem });
    return sendJson(res, 404, { message: 'not found' });
  });
  return Object.assign(double, { keyUrl: `${double.url}/v2/public/rsa-public-key` });
}
