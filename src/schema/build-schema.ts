import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthChecker } from '../auth/auth-checker.js';
import { resolvers } from '../resolvers/index.js';

/**
 * Builds the executable schema with the options every user of it shares: our auth checker,
 * class-validator on (type-graphql leaves it off by default) without echoing values or targets.
 */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    authChecker: AuthChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    emitSchemaFile: false,
  });
}
