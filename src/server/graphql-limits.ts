import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { GraphqlLimitsConfig } from '../config/config.types.js';
import { credentialIssuingFields } from '../schema/credential-field.js';
import { distinctRootFields, rootSchemaFields } from './operation-facts.js';

/** The message of every limit rejection when limits are not exposed (production). */
export const LIMIT_MESSAGE = 'Query validation error.';

/**
 * graphql-armor options shared by its rules: rejections are reported into the validation context
 * (so Apollo answers 400 GRAPHQL_VALIDATION_FAILED) instead of thrown, which would escape
 * `validate()` and become a 500. Armor prefixes its messages with "Syntax Error: "; that is dropped.
 */
function armorOptions(exposeLimits: boolean) {
  return {
    exposeLimits,
    errorMessage: LIMIT_MESSAGE,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
    ],
  };
}

/**
 * At most `max` credential-issuing root fields per operation (`@CredentialField({ issuesCredential: true })`), counted by response key (aliases,
 * fragments and inline fragments included; a field repeated under the same key runs once), with the
 * same iterator the rate limits charge by (distinctRootFields). Validation has no variables, so
 * `@skip`/`@include` are not evaluated here: a field that may run counts. Stops a single request
 * from minting a batch of tokens for many rooms.
 */
export function maxCredentialFieldsRule(max: number, exposeLimits: boolean): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const fields = distinctRootFields(operation, (name) => context.getFragment(name) ?? undefined);
      const count = credentialIssuingFields(rootSchemaFields(context.getSchema(), operation, fields));
      if (count > max) {
        const message = exposeLimits ? `At most ${max} credential-issuing field(s) per operation; found ${count}.` : LIMIT_MESSAGE;
        context.reportError(new GraphQLError(message, { nodes: [operation] }));
      }
    },
  });
}

/**
 * The document limits, as validation rules for Apollo: depth, aliases, directives and cost from
 * graphql-armor, plus the credential-field limit. The parser token limit is not here: Apollo's own
 * `parseOptions.maxTokens` answers it as a 400 GRAPHQL_PARSE_FAILED before validation starts.
 */
export function graphqlValidationRules(limits: GraphqlLimitsConfig): ValidationRule[] {
  const shared = armorOptions(limits.exposeLimits);
  return [
    maxDepthRule({ n: limits.maxDepth, ...shared }),
    maxAliasesRule({ n: limits.maxAliases, ...shared }),
    maxDirectivesRule({ n: limits.maxDirectives, ...shared }),
    costLimitRule({ maxCost: limits.maxCost, ...shared }),
    maxCredentialFieldsRule(limits.maxCredentialFields, limits.exposeLimits),
  ] as ValidationRule[];
}
