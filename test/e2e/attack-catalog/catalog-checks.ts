import { authChecks } from './auth.cases.js';
import type { CatalogChecks } from './catalog-env.js';
import { configChecks } from './config.cases.js';
import { endpointChecks } from './endpoint.cases.js';
import { graphqlChecks } from './graphql.cases.js';
import { identityChecks } from './identity.cases.js';
import { moderationChecks } from './moderation.cases.js';
import { operationsChecks } from './operations.cases.js';
import { providerChecks } from './provider.cases.js';
import { roomsChecks } from './rooms.cases.js';
import { subscriptionChecks } from './subscriptions.cases.js';
import { trustedChecks } from './trusted.cases.js';
import { webhookChecks } from './webhooks.cases.js';

/**
 * Every executable catalog check, by catalog id (one module per group of areas). The parts that run
 * them are in catalog-parts.ts.
 */
export const CATALOG_CHECKS: CatalogChecks = {
  ...authChecks,
  ...identityChecks,
  ...graphqlChecks,
  ...providerChecks,
  ...operationsChecks,
  ...configChecks,
  ...roomsChecks,
  ...trustedChecks,
  ...webhookChecks,
  ...subscriptionChecks,
  ...endpointChecks,
  ...moderationChecks,
};
