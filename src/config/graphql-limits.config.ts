import type { GraphqlLimitsConfig } from './config.types.js';
import type { ConfigContext } from './config-rules.js';

/** GraphQL document limits, checked before any resolver runs; production messages do not name them. */
export function graphqlLimitsConfig({ e, production }: ConfigContext): GraphqlLimitsConfig {
  return {
    maxDepth: e.GRAPHQL_MAX_DEPTH,
    maxAliases: e.GRAPHQL_MAX_ALIASES,
    maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
    maxCost: e.GRAPHQL_MAX_COST,
    maxTokens: e.GRAPHQL_MAX_TOKENS,
    maxCredentialFields: e.GRAPHQL_MAX_CREDENTIAL_FIELDS,
    exposeLimits: !production,
  };
}
