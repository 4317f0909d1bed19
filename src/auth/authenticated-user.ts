/** The verified caller. `id` is the token's `sub`, and the only identity callgate ever puts in a credential. */
export interface AuthenticatedUser {
  id: string;
  name: string | null;
  roles: string[];
  /** Seconds since the epoch at which the caller's token expires. */
  expiresAt: number;
  /** The verified claims, for policy decisions. Never logged. */
  claims: Readonly<Record<string, unknown>>;
}
