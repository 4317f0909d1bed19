import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { distinctRootFields, fragmentsOf, hasConditionalRootSelections, rootFieldLabel, rootSchemaFields } from '../operation-facts.js';
import { rateLimitPoints } from '../../schema/credential-field.js';

/** What the gateway needs to know about one operation of a document; it depends on the document only. */
export interface OperationSummary {
  /** The root-field label for logs and metrics (see rootFieldLabel). */
  label: string;
  /** Rate-limit points the operation costs when every selection runs (see rateLimitPoints). */
  points: number;
  /** Some root-level selection has `@skip`/`@include`: the points then depend on the variables. */
  conditional: boolean;
}

export type OperationSummaries = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => OperationSummary;

/**
 * The summary of an operation, computed once per operation node and shared by the plugins that read
 * it: Apollo's document cache hands back the same parsed document for the same query text.
 */
export function operationSummaries(): OperationSummaries {
  const byOperation = new WeakMap<OperationDefinitionNode, OperationSummary>();
  return (schema, document, operation) => {
    let summary = byOperation.get(operation);
    if (!summary) {
      const fragments = fragmentsOf(document.definitions);
      const fields = distinctRootFields(operation, fragments);
      summary = {
        label: rootFieldLabel(fields),
        points: rateLimitPoints(rootSchemaFields(schema, operation, fields)),
        conditional: hasConditionalRootSelections(operation, fragments),
      };
      byOperation.set(operation, summary);
    }
    return summary;
  };
}
