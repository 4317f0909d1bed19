import { DEFAULT_POLICY } from '../policy/default-policy.js';
import { loadPolicyFile } from '../policy/load-policy-file.js';
import type { PolicyDefinition } from '../policy/policy.types.js';
import { authConfig, checkCallerSecretGuardsProviders, checkCallerSecretIsNotAProviderSecret } from './auth.config.js';
import { environmentSchema, type Environment } from './config.schema.js';
import type { Config } from './config.types.js';
import type { ConfigContext } from './config-rules.js';
import { graphqlLimitsConfig } from './graphql-limits.config.js';
import { livekitConfig } from './livekit.config.js';
import { openviduConfig } from './openvidu.config.js';
import { providerHttpConfig } from './provider-http.config.js';
import { readUtf8, type ReadTextFile } from './read-text-file.js';
import { adminConfig, checkHttpTimeouts, serverConfig } from './server.config.js';
import { sharedStateConfig } from './shared-state.config.js';
import { trustedDocumentsConfig } from './trusted-documents.config.js';
import { videosdkConfig } from './videosdk.config.js';
import { webhooksConfig } from './webhooks-config.js';
import { subscriptionsConfig } from './subscriptions-config.js';

export type * from './config.types.js';
export type { ReadTextFile } from './read-text-file.js';
export { DEV_DEFAULTS, OPENVIDU_DEFAULT_SECRET } from './dev-defaults.js';

/** Thrown by `loadConfig` with every problem found, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with the schema. An empty value counts as unset (`NODE_ENV=""` is
 * development). A variable that fails the schema is reported in `problems` and left at its default for
 * the rest of the checks, so one bad value (`PORT=abc`) does not hide the other problems. Returns null
 * only if even that second pass fails.
 */
function parseEnvironment(
  env: Record<string, string | undefined>,
  problems: string[],
): { e: Environment; invalid: Set<string> } | null {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const first = environmentSchema.safeParse(given);
  if (first.success) return { e: first.data, invalid: new Set() };
  problems.push(...first.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  const invalid = new Set(first.error.issues.map((issue) => String(issue.path[0] ?? '')));
  const second = environmentSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([k]) => !invalid.has(k))));
  return second.success ? { e: second.data, invalid } : null;
}

/** The variable names a problem line starts with (`A and B: ...` names A and B). */
const namedIn = (problem: string) => problem.slice(0, problem.indexOf(':')).split(/[^A-Z0-9_]+/).filter(Boolean);

/** The policy POLICY_FILE names, or the built-in default (a production notice says so). */
function policyConfig({ e, production, problems, notices, readFile }: ConfigContext): PolicyDefinition {
  if (!e.POLICY_FILE) {
    if (production) notices.push('POLICY_FILE is not set: the permissive built-in policy is in force (any caller may create and join any room)');
    return DEFAULT_POLICY;
  }
  const loaded = loadPolicyFile(e.POLICY_FILE, readFile);
  if (loaded.ok) return loaded.policy;
  problems.push(...loaded.problems);
  return DEFAULT_POLICY;
}

/**
 * Parses and checks the environment. Reads only `env` (never `process.env`) and, when POLICY_FILE or
 * GRAPHQL_TRUSTED_DOCUMENTS is set, that file through `readFile`. Each concern has its own function
 * (server.config.ts, auth.config.ts, ...); all add to one list, and `ConfigError` names every problem
 * by variable name (and by JSON path inside the policy file); values are never included.
 */
export function loadConfig(env: Record<string, string | undefined>, readFile: ReadTextFile = readUtf8): Config {
  const schemaProblems: string[] = [];
  const parsed = parseEnvironment(env, schemaProblems);
  if (!parsed) throw new ConfigError(schemaProblems);
  const { e, invalid } = parsed;
  const production = e.NODE_ENV === 'production';
  const ctx: ConfigContext = { e, production, problems: [], notices: [], readFile };

  const auth = authConfig(ctx);
  checkCallerSecretGuardsProviders(ctx);
  const livekit = livekitConfig(ctx);
  const openvidu = openviduConfig(ctx);
  const videosdk = videosdkConfig(ctx);
  checkCallerSecretIsNotAProviderSecret(ctx);
  if (production && !livekit && !openvidu && !videosdk) {
    ctx.notices.push('providers: none is configured (LIVEKIT_API_KEY, OPENVIDU_URL, VIDEOSDK_API_KEY): every credential request will fail');
  }
  const admin = adminConfig(ctx);
  const server = serverConfig(ctx);
  const policy = policyConfig(ctx);
  const redis = sharedStateConfig(ctx);
  const trustedDocuments = trustedDocumentsConfig(ctx);
  const webhooks = webhooksConfig(ctx, videosdk?.apiUrl ?? null);
  const subscriptions = subscriptionsConfig(ctx);
  checkHttpTimeouts(ctx);

  // A check that reads a variable the schema refused would only repeat (or confuse) the schema's report.
  const all = [...schemaProblems, ...ctx.problems.filter((p) => !namedIn(p).some((name) => invalid.has(name)))];
  if (all.length) throw new ConfigError(all);

  return {
    env: e.NODE_ENV,
    server,
    graphql: graphqlLimitsConfig(ctx),
    providerHttp: providerHttpConfig(ctx),
    admin,
    policy,
    policySource: e.POLICY_FILE ?? 'built-in',
    trustedDocuments,
    redis,
    auth,
    livekit,
    openvidu,
    videosdk,
    webhooks,
    subscriptions,
    notices: ctx.notices,
  };
}
