import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { RATE_LIMITED_EXTENSION_KEY } from '../rate-limit/rate-limited.decorator.js';

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
 * How many `@RateLimited()` mutation fields the operation holds, counting each alias and each field inside
 * fragments separately. `@skip`/`@include` are ignored on purpose: a field that may run is counted.
 */
export function countRateLimitedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  const mutationFields = schema.getMutationType()?.getFields();
  if (operation.operation !== 'mutation' || !mutationFields) return 0;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
  );
  const visiting = new Set<string>();
  const count = (selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (mutationFields[selection.name.value]?.extensions?.[RATE_LIMITED_EXTENSION_KEY] === true) total++;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else {
        // Validation already refused fragment cycles; the guard only keeps this function total.
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        total += count(fragment);
        visiting.delete(name);
      }
    }
    return total;
  };
  return count(operation.selectionSet);
}
