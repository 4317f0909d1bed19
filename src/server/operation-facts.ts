import {
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** Finds a fragment definition by name (the document's, or a validation context's). */
export type FragmentLookup = (name: string) => FragmentDefinitionNode | undefined;

/** Whether a selection runs: `@skip`/`@include` against the request's variables. */
export type SelectionFilter = (selection: SelectionNode) => boolean;

/** Every selection may run: the static upper bound, used where no variables are known (validation). */
export const EVERY_SELECTION: SelectionFilter = () => true;

/** A fragment lookup over a parsed document's fragment definitions. */
export function fragmentsOf(definitions: readonly { kind: Kind }[]): FragmentLookup {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      byName.set(fragment.name.value, fragment);
    }
  }
  return (name) => byName.get(name);
}

/**
 * The root fields an operation executes, one per distinct response key (alias, or the field name),
 * in document order, each with the first field node that carries the key. This is the one counting
 * rule of the gateway: GraphQL merges every selection under one response key into a single
 * execution (validation guarantees they have the same field and arguments), so a field repeated
 * without an alias runs once, and each alias runs once. Inline fragments and fragment spreads are
 * followed (each named fragment once, as the executor does); selections the filter drops (a false
 * `@include`, a true `@skip`) are left out, as the executor leaves them out.
 */
export function distinctRootFields(
  operation: OperationDefinitionNode,
  fragment: FragmentLookup,
  runs: SelectionFilter = EVERY_SELECTION,
): Map<string, FieldNode> {
  const fields = new Map<string, FieldNode>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (!runs(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!fields.has(key)) fields.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const definition = fragment(selection.name.value);
        if (definition) collect(definition.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return fields;
}

/** Whether any selection reachable from the operation's root level carries `@skip` or `@include`. */
export function hasConditionalRootSelections(operation: OperationDefinitionNode, fragment: FragmentLookup): boolean {
  let conditional = false;
  distinctRootFields(operation, fragment, (selection) => {
    if (selection.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) conditional = true;
    return true;
  });
  return conditional;
}

/**
 * The filter the executor applies, for one request's variables; null when the variables do not
 * coerce (the operation then fails before anything executes).
 */
export function selectionFilterFor(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): SelectionFilter | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  const values = coerced.coerced;
  return (selection) => {
    if (getDirectiveValues(GraphQLSkipDirective, selection, values)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, selection, values)?.if === false) return false;
    return true;
  };
}

/** The schema field behind each distinct root field (unknown names, e.g. `__typename`, are skipped). */
export function rootSchemaFields(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fields: Map<string, FieldNode>,
): GraphQLField<unknown, unknown>[] {
  const type = schema.getRootType(operation.operation);
  if (!type) return [];
  const byName = type.getFields();
  const found: GraphQLField<unknown, unknown>[] = [];
  for (const node of fields.values()) {
    const field = byName[node.name.value];
    if (field) found.push(field);
  }
  return found;
}

/**
 * The root field an operation selects, as a bounded label: the field name from the schema, `multiple`
 * when it selects several, `none` when there is none (e.g. only `__typename`).
 */
export function rootFieldLabel(fields: Map<string, FieldNode>): string {
  const names = new Set<string>();
  for (const node of fields.values()) {
    if (!node.name.value.startsWith('__')) names.add(node.name.value);
  }
  if (names.size === 0) return 'none';
  return names.size === 1 ? [...names][0] : 'multiple';
}
