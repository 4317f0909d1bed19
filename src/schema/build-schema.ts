import 'reflect-metadata';
import { assertValidSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthChecker } from '../auth/auth-checker.js';
import { resolvers } from '../resolvers/index.js';
import { validateInput } from './validate-input.js';

/**
 * Builds the executable schema with the options every user of it shares: our auth checker,
 * class-validator on every argument (type-graphql leaves it off by default) without echoing values or
 * targets, through `validateInput`.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...resolvers],
    authChecker: AuthChecker,
    authMode: 'error',
    validateFn: validateInput,
    emitSchemaFile: false,
    // type-graphql's check runs the whole introspection query over the new schema (6% of start-up);
    // graphql-js's own validation below finds the same faults, and execution would call it anyway.
    skipCheck: true,
  });
  assertValidSchema(schema);
  return schema;
}
