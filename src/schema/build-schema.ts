import 'reflect-metadata';
import { assertValidSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { AuthChecker } from '../auth/auth-checker.js';
import { resolvers } from '../resolvers/index.js';
import { validateInput } from './validate-input.js';

/**
 * type-graphql requires a PubSub once the schema has a subscription, even when every subscription
 * brings its own `subscribe` (room events come from the room event bus, src/events/). This one is
 * never reached; if a topic-based subscription were added, it fails loudly instead of staying silent.
 */
const noTopicPubSub: PubSub = {
  publish() {
    throw new Error('subscriptions read their own sources; topic publishing is not used');
  },
  subscribe() {
    throw new Error('subscriptions read their own sources; topic subscriptions are not used');
  },
};

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
    pubSub: noTopicPubSub,
  });
  assertValidSchema(schema);
  return schema;
}
