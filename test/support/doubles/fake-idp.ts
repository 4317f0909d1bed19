/**
 * Fake identity provider for AUTH_JWKS_URL tests: an RS256 key pair, a JWKS endpoint served through
 * the DoubleServer base (so JWKS fetches are counted and can hang, reset, 500 or return garbage),
 * and `mint()` for caller tokens with any claim or header mutation (the AUTH-* and JWKS-* cases of
 * test/security/attack-catalog.json).
 *
 * Routes:
 * - `GET /.well-known/jwks.json`            200 `{ keys: [...] }` (public keys only, or `setJwks()` override)
 * - `GET /.well-known/openid-configuration` 200 `{ issuer, jwks_uri }`
 * Anything else => 404 empty.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { applyStandardClaims, type CallerClaims, type ClaimTimingOptions } from '../caller-tokens.js';
import { DoubleServer, sendEmpty, sendJson, type DoubleServerOptions, type RecordedRequest } from './double-server.js';

export interface FakeIdpOptions extends DoubleServerOptions {
  /** `iss` of minted tokens; default: the IdP's own base URL. */
  issuer?: string;
  /** `aud` of minted tokens; default `'callgate'`. */
  audience?: string;
}

export interface FakeIdpKey {
  kid: string;
  privateKey: CryptoKey;
  /** Public JWK with `kid`, `alg: 'RS256'` and `use: 'sig'`, as published. */
  publicJwk: JWK;
}

export interface MintOptions extends ClaimTimingOptions {
  /** Override `iss`; `null` omits it. Default: the IdP issuer. */
  issuer?: string | null;
  /** Override `aud`; `null` omits it. Default: the IdP audience. */
  audience?: string | string[] | null;
  /** Header `kid`; `null` omits it. Default: the current key's kid. */
  kid?: string | null;
  /** JWS algorithm (default `RS256`); must suit the signing key. */
  alg?: string;
  /** Sign with another key (e.g. an attacker's key under a published kid). Default: the current private key. */
  key?: CryptoKey | Uint8Array;
  /** Extra protected-header parameters (applied after `typ`, before `alg`/`kid`). */
  header?: Record<string, unknown>;
}

async function newKey(): Promise<FakeIdpKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export class FakeIdp extends DoubleServer {
  issuer = '';
  audience = 'callgate';
  /** Published keys, newest last; `current` signs by default. */
  private keys: FakeIdpKey[] = [];
  private jwksOverride: unknown;

  /** Full JWKS URL, for AUTH_JWKS_URL. */
  get jwksUrl(): string {
    return `${this.url}/.well-known/jwks.json`;
  }

  /** The key `mint()` signs with by default. */
  get currentKey(): FakeIdpKey {
    const key = this.keys.at(-1);
    if (!key) throw new Error('fake IdP has no key yet');
    return key;
  }

  get currentKid(): string {
    return this.currentKey.kid;
  }

  /** The JWKS body the endpoint serves now. */
  get jwks(): unknown {
    return this.jwksOverride ?? { keys: this.keys.map((k) => k.publicJwk) };
  }

  /** Generates the first key. Called by `startFakeIdp`. */
  async init(options: FakeIdpOptions): Promise<this> {
    this.keys = [await newKey()];
    this.issuer = options.issuer ?? this.url;
    if (options.audience !== undefined) this.audience = options.audience;
    return this;
  }

  /**
   * Generates a new signing key with a new kid and makes it current. With `keepPrevious` (default
   * true) the old keys stay published, as in a graceful rotation; otherwise only the new key is served.
   */
  async rotateKey({ keepPrevious = true }: { keepPrevious?: boolean } = {}): Promise<FakeIdpKey> {
    const key = await newKey();
    this.keys = keepPrevious ? [...this.keys, key] : [key];
    return key;
  }

  /** Serves `body` as the JWKS from now on (e.g. private members, `oct` keys, duplicate kids); `undefined` restores the real one. */
  setJwks(body: unknown): void {
    this.jwksOverride = body;
  }

  /** Signs a caller token. Defaults: RS256 with the current key and kid, iss/aud of the IdP, iat now, exp in 10 minutes. */
  async mint(claims: CallerClaims, opts: MintOptions = {}): Promise<string> {
    const kid = opts.kid === undefined ? this.currentKid : opts.kid;
    const jwt = new SignJWT(claims).setProtectedHeader({
      typ: 'JWT',
      ...opts.header,
      alg: opts.alg ?? 'RS256',
      ...(kid === null ? {} : { kid }),
    });
    applyStandardClaims(jwt, claims, {
      ...opts,
      issuer: opts.issuer === null ? undefined : (opts.issuer ?? this.issuer),
      audience: opts.audience === null ? undefined : (opts.audience ?? this.audience),
    });
    return jwt.sign(opts.key ?? this.currentKey.privateKey);
  }

  /** Keeps the keys (tests may hold tokens minted earlier) but restores the published JWKS. */
  override reset(): void {
    super.reset();
    this.jwksOverride = undefined;
  }

  protected override handle(req: RecordedRequest, res: ServerResponse): void {
    if (req.method === 'GET' && req.path === '/.well-known/jwks.json') return sendJson(res, 200, this.jwks);
    if (req.method === 'GET' && req.path === '/.well-known/openid-configuration') {
      return sendJson(res, 200, { issuer: this.issuer, jwks_uri: this.jwksUrl });
    }
    sendEmpty(res, 404);
  }
}

/** Starts a fake IdP on 127.0.0.1 (ephemeral port) with one RS256 key. Call `close()` in `afterAll`. */
export async function startFakeIdp(options: FakeIdpOptions = {}): Promise<FakeIdp> {
  const idp = await new FakeIdp(options).listen();
  return idp.init(options);
}
