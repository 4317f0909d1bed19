import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthChecker } from '../auth/auth-checker.js';
import { resolvers } from '../resolvers/index.js';
import { validateInput } from './validate-input.js';

/**
 * Builds the executable schema with the options every user of it shares: our auth checker,
 * class-validator on every argument (type-graphql leaves it off by default) without echoing values or
 * targets, through `validateInput`.
 */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    authChecker: AuthChecker,
    authMode: 'error',
    validateFn: validateInput,
    emitSchemaFile: false,
  });
}
