import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { mapVideosdkDelivery } from '../../events/mappers/videosdk-deliveries.js';
import { bodyText, singleHeader, type WebhookSource } from '../../webhooks/webhook-source.js';

export interface VideoSdkKeyOptions {
  /** VideoSDK's public-key endpoint; answers `{ "publicKey": "<PEM>" }`. */
  url: string;
  /** A management token sent as Authorization, as VideoSDK's own SDK does (whether it is required is not documented). */
  authorization?: () => Promise<string>;
  timeoutMs?: number;
  /** How long a fetched key is used before it is fetched again. */
  maxAgeMs?: number;
  /** After a signature that does not verify, the key is fetched again at most this often (rotation). */
  cooldownMs?: number;
  now?: () => number;
}

/**
 * VideoSDK's webhook public key, fetched from its endpoint and cached like a key set: never taken from
 * a request. Concurrent deliveries share one fetch; a failed fetch is not cached.
 */
export class VideoSdkWebhookKey {
  private key: { value: KeyObject; fetchedAt: number } | null = null;
  private pending: Promise<KeyObject> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: VideoSdkKeyOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The cached key while fresh, else a fetched one; rejects when it cannot be fetched. */
  async current(): Promise<KeyObject> {
    if (this.key && this.now() - this.key.fetchedAt < (this.options.maxAgeMs ?? 3_600_000)) return this.key.value;
    return this.fetch();
  }

  /** A newer key after a failed verification, or null when the cached one is too recent to refetch. */
  async refreshed(): Promise<KeyObject | null> {
    if (this.key && this.now() - this.key.fetchedAt < (this.options.cooldownMs ?? 30_000)) return null;
    return this.fetch();
  }

  private fetch(): Promise<KeyObject> {
    this.pending ??= (async () => {
      try {
        const headers: Record<string, string> = { accept: 'application/json' };
        if (this.options.authorization) headers.authorization = await this.options.authorization();
        const response = await fetch(this.options.url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000), redirect: 'error' });
        if (!response.ok) throw new Error(`public key endpoint answered ${response.status}`);
        const body = (await response.json()) as { publicKey?: unknown; data?: { publicKey?: unknown } };
        const pem = body.publicKey ?? body.data?.publicKey;
        if (typeof pem !== 'string') throw new Error('public key endpoint sent no publicKey');
        const value = createPublicKey(pem);
        if (value.asymmetricKeyType !== 'rsa') throw new Error('public key is not an RSA key');
        this.key = { value, fetchedAt: this.now() };
        return value;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }
}

const verifiesOne = (bytes: Buffer, key: KeyObject, signature: Buffer) => {
  try {
    return verify('RSA-SHA256', bytes, key, signature);
  } catch {
    return false;
  }
};

/**
 * The bytes the signature may cover: the body as received, and (a compatibility fallback, since an
 * older VideoSDK sample verified `JSON.stringify` of the parsed body and which bytes VideoSDK signs is
 * not documented) its compact re-serialisation. Either way the signature must verify with VideoSDK's key.
 */
function signedCandidates(rawBody: Buffer): Buffer[] {
  const text = bodyText(rawBody);
  if (text === null) return [rawBody];
  try {
    const compact = Buffer.from(JSON.stringify(JSON.parse(text)));
    return compact.equals(rawBody) ? [rawBody] : [rawBody, compact];
  } catch {
    return [rawBody];
  }
}

const verifies = (candidates: Buffer[], key: KeyObject, signature: Buffer) => candidates.some((bytes) => verifiesOne(bytes, key, signature));

/**
 * VideoSDK signs the body with RSA-SHA256 (PKCS#1 v1.5) and sends the base64 signature in
 * `videosdk-signature`; see `signedCandidates` for which bytes are checked.
 */
export function videosdkWebhookSource(key: VideoSdkWebhookKey): WebhookSource {
  return {
    provider: 'videosdk',
    map: mapVideosdkDelivery,
    async verify(rawBody, headers) {
      const header = singleHeader(headers, 'videosdk-signature');
      if (!header || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(header)) return { ok: false, failure: 'unauthenticated', reason: 'no signature' };
      const signature = Buffer.from(header, 'base64');
      let current: KeyObject;
      try {
        current = await key.current();
      } catch {
        return { ok: false, failure: 'unavailable', reason: 'public key unavailable' };
      }
      const candidates = signedCandidates(rawBody);
      let ok = verifies(candidates, current, signature);
      if (!ok) {
        // The key may have been rotated: fetch it again (rate-limited) and retry once.
        const newer = await key.refreshed().catch(() => null);
        ok = newer !== null && verifies(candidates, newer, signature);
      }
      if (!ok) return { ok: false, failure: 'unauthenticated', reason: 'signature does not verify' };
      const body = bodyText(rawBody);
      return body === null ? { ok: false, failure: 'malformed', reason: 'body is not UTF-8' } : { ok: true, body };
    },
  };
}
