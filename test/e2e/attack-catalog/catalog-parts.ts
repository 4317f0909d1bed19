/**
 * How the catalog's executable checks are split into parts (one test file each,
 * test/e2e/attack-catalog-<part>.e2e.test.ts), so jest can run the parts side by side. The split
 * follows the cost of the cases: the identity-provider cases (JWKS, RS256 floods) are the slowest.
 * A new cases module goes into one part here as well as into catalog-checks.ts
 * (test/e2e/attack-catalog.e2e.test.ts fails for a check that no part runs).
 */
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

export interface CatalogPart {
  name: string;
  checks: CatalogChecks;
  select: (id: string) => boolean;
}

const all = () => true;

export const CATALOG_PARTS: CatalogPart[] = [
  { name: 'auth', checks: authChecks, select: (id) => id.startsWith('AUTH-') },
  { name: 'jwks', checks: authChecks, select: (id) => !id.startsWith('AUTH-') },
  { name: 'provider', checks: providerChecks, select: all },
  { name: 'requests', checks: { ...identityChecks, ...graphqlChecks, ...trustedChecks, ...endpointChecks }, select: all },
  { name: 'operations', checks: { ...operationsChecks, ...configChecks, ...roomsChecks, ...webhookChecks, ...moderationChecks, ...subscriptionChecks }, select: all },
];

export function catalogPart(name: string): CatalogPart {
  const part = CATALOG_PARTS.find((p) => p.name === name);
  if (!part) throw new Error(`no catalog part ${name}`);
  return part;
}
