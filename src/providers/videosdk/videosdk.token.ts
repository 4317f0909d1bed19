import { SignJWT } from 'jose';
import type { VideoSdkPermission } from '../../policy/vocabulary.js';

export interface ParticipantTokenRequest {
  meetingId: string;
  participantId: string;
  permissions: VideoSdkPermission[];
  ttlSeconds: number;
}

const MANAGEMENT_TTL_SECONDS = 600;
/** Renew the management token this long before it expires, so an in-flight call never carries a stale one. */
const MANAGEMENT_RENEW_MARGIN_SECONDS = 60;

/**
 * Signs the two kinds of VideoSDK JWT (HS256 with the project secret, `apikey` claim in lower case).
 * The key is imported once; the management token is reused until shortly before it expires.
 */
export class VideoSdkTokenSigner {
  private readonly key: Uint8Array;
  private management: { token: string; expiresAt: number } | null = null;

  constructor(
    private readonly apiKey: string,
    secret: string,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** The gateway's own token for `/v2/rooms*`: REST-only (`crawler`), never able to join a meeting. */
  async managementToken(nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
    if (this.management && this.management.expiresAt - MANAGEMENT_RENEW_MARGIN_SECONDS > nowSeconds) {
      return this.management.token;
    }
    const expiresAt = nowSeconds + MANAGEMENT_TTL_SECONDS;
    const token = await new SignJWT({ apikey: this.apiKey, permissions: ['allow_join'], version: 2, roles: ['crawler'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    this.management = { token, expiresAt };
    return token;
  }

  /**
   * A join token bound to one meeting and one participant (`roles: ["rtc"]`: cannot call REST APIs).
   * Callers must already have checked that `permissions` do not mix `ask_join` with the others.
   */
  async participantToken(request: ParticipantTokenRequest, nowSeconds = Math.floor(Date.now() / 1000)) {
    const expiresAt = nowSeconds + request.ttlSeconds;
    const token = await new SignJWT({
      apikey: this.apiKey,
      permissions: request.permissions,
      version: 2,
      roomId: request.meetingId,
      participantId: request.participantId,
      roles: ['rtc'],
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }
}
