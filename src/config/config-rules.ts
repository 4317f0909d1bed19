import type { Environment } from './config.schema.js';
import type { ReadTextFile } from './read-text-file.js';

/**
 * What every per-concern config function works with: the parsed environment, and the two lists it adds
 * to. A problem line starts with the variable names it is about (`NAME: ...` or `A and B: ...`) and never
 * quotes a value; a notice names a default in use.
 */
export interface ConfigContext {
  e: Environment;
  production: boolean;
  problems: string[];
  notices: string[];
  readFile: ReadTextFile;
}

/** Variables of the environment schema that hold a string (the ones a pair or an exclusion can name). */
type TextVariable = { [K in keyof Environment]-?: Environment[K] extends string | undefined ? K : never }[keyof Environment];

export const MIN_SECRET_BYTES = 32;
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** A URL's hostname that only this machine can reach (plain http/ws is acceptable there). */
function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Whether `value` is a URL with a cleartext scheme (http:, ws:) to a host other than this machine. */
export function isCleartextRemote(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'ws:') && !isLoopbackHost(url.hostname);
}

export const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');

/**
 * Two variables that only mean something together (a key and its secret, a URL and its secret).
 * Reports each one missing while the other is set; returns whether either is set (the concern is
 * configured, completely or not).
 */
export function pairedVariables(ctx: ConfigContext, first: TextVariable, second: TextVariable): boolean {
  const { e, problems } = ctx;
  if (!e[first] && !e[second]) return false;
  if (!e[first]) problems.push(`${first}: required when ${second} is set`);
  if (!e[second]) problems.push(`${second}: required when ${first} is set`);
  return true;
}

/** Two variables that choose between two ways of doing one thing: setting both is a problem. */
export function exclusiveVariables(ctx: ConfigContext, first: TextVariable, second: TextVariable): void {
  if (ctx.e[first] && ctx.e[second]) ctx.problems.push(`${first} and ${second}: set one of them, not both`);
}

/** In production, a URL to another machine must use TLS (https, wss). */
export function requireTlsInProduction(ctx: ConfigContext, name: TextVariable, value: string | undefined): void {
  if (ctx.production && value && isCleartextRemote(value)) ctx.problems.push(`${name}: must use https in production`);
}

/**
 * In production, a signing secret is neither a publicly known value (`known`, described as `what`) nor
 * shorter than an HMAC-SHA256 key.
 */
export function requireStrongSecretInProduction(
  ctx: ConfigContext,
  name: TextVariable,
  value: string | undefined,
  known?: { value: string; what: string },
): void {
  if (!ctx.production || !value) return;
  if (known && value === known.value) ctx.problems.push(`${name}: ${known.what} cannot be used in production`);
  else if (byteLength(value) < MIN_SECRET_BYTES) ctx.problems.push(`${name}: must be at least ${MIN_SECRET_BYTES} bytes`);
}
