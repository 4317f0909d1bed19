import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Context } from '../../context/context.js';
import { isExpectedError } from '../../errors/format-error.js';
import { GatewayError } from '../../errors/gateway-errors.js';

const MAX_OPERATION_NAME_LENGTH = 64;

/**
 * The root field an operation selects, as a bounded label: the field name from the schema, `multiple`
 * when it selects several, `none` when there is none (e.g. only `__typename`).
 */
export function rootFieldLabel(operation: OperationDefinitionNode, document: DocumentNode): string {
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  if (names.size === 0) return 'none';
  return names.size === 1 ? [...names][0] : 'multiple';
}

/**
 * Notes the operation and its outcome code in the request record (the request log line and metrics
 * come from it when the response is sent), and logs the real cause of every masked error with the
 * request id so an operator can find it. Never logs variables, headers or tokens.
 */
export function operationLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ operation, document, operationName }) {
          if (operation) contextValue.record.operation = rootFieldLabel(operation, document);
          if (operationName) contextValue.record.operationName = operationName.slice(0, MAX_OPERATION_NAME_LENGTH);
        },
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            const original = unwrapResolverError(error);
            if (!(original instanceof Error) || original instanceof GatewayError) continue;
            contextValue.logger?.error(
              { err: { type: original.name, message: original.message, stack: original.stack }, operationName },
              'unexpected error (masked for the client)',
            );
          }
        },
        async willSendResponse({ response }) {
          // The formatted errors, as the client sees them: their codes come from the closed list.
          const sent = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const first = sent?.[0];
          contextValue.record.outcome = first ? String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK';
        },
      };
    },
  };
}
