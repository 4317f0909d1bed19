import type { GraphQLFormattedError } from 'graphql';
import { ApolloServerValidationErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { GatewayError } from './gateway-errors.js';
import { APOLLO_REQUEST_CODES, ErrorCode } from './error-codes.js';

const GENERIC_MESSAGE = 'Internal server error.';

/**
 * Apollo's own refusal of `__schema`/`__type` tells the reader to change the ApolloServer constructor;
 * a callgate operator changes an environment variable instead. Same code (GRAPHQL_VALIDATION_FAILED).
 */
export const INTROSPECTION_DISABLED_MESSAGE =
  'Introspection is turned off on this gateway (the default in production). Generate clients from its schema.graphql, or set GRAPHQL_INTROSPECTION=true to allow introspection.';

interface ClassValidatorError {
  property?: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
}

/**
 * Flattens class-validator errors to `path: message` strings. The messages name the rule, never the
 * rejected value (the decorators' messages are written that way and `value: false` is set).
 */
function describeValidationErrors(errors: ClassValidatorError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property ?? '?'}` : (error.property ?? '?');
    for (const message of Object.values(error.constraints ?? {})) out.push(`${path}: ${message}`);
    if (error.children?.length) out.push(...describeValidationErrors(error.children, path));
  }
  return out;
}

/** Apollo's variable-coercion messages quote the rejected value; keep only where it was. */
function describeCoercionError(message: string): string {
  const variable = /Variable "\$([A-Za-z0-9_]+)"/.exec(message)?.[1];
  const at = / at "([A-Za-z0-9_.[\]]+)"/.exec(message)?.[1];
  if (!variable) return 'Invalid input.';
  return `Variable "$${variable}"${at ? ` at "${at}"` : ''} has an invalid value.`;
}

/**
 * Decides what a client may see of an error. Our own `GatewayError`s and Apollo's request-level errors
 * pass through; type-graphql validation errors keep field and rule names only; anything else becomes
 * a generic INTERNAL_SERVER_ERROR. This function must never throw: every branch works on copies and
 * guards against odd thrown values (strings, null, objects with throwing getters).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, includeStacktrace = false): GraphQLFormattedError {
  try {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof GatewayError) {
      const { http: _http, ...extensions } = (original.extensions ?? {}) as Record<string, unknown>;
      return { ...base, message: original.message, extensions };
    }
    if (original instanceof ArgumentValidationError) {
      const details = describeValidationErrors(
        ((original.extensions as Record<string, unknown>).validationErrors ?? []) as ClassValidatorError[],
      );
      return {
        ...base,
        message: `Invalid input: ${details.join('; ') || 'see the schema for the allowed values'}.`,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields: details.map((d) => d.split(':')[0]) },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && APOLLO_REQUEST_CODES.has(code)) {
      const introspectionRefused = formatted.extensions?.validationErrorCode === ApolloServerValidationErrorCode.INTROSPECTION_DISABLED;
      return { message: introspectionRefused ? INTROSPECTION_DISABLED_MESSAGE : formatted.message, locations: formatted.locations, extensions: { code } };
    }
    if (code === ErrorCode.BAD_USER_INPUT && formatted.path === undefined) {
      // Request-level variable coercion failures from Apollo.
      return { message: describeCoercionError(String(formatted.message)), extensions: { code } };
    }
    const extensions: Record<string, unknown> = { code: ErrorCode.INTERNAL_SERVER_ERROR };
    if (includeStacktrace && original instanceof Error && typeof original.stack === 'string') {
      extensions.stacktrace = original.stack.split('\n');
    }
    return { ...base, message: GENERIC_MESSAGE, extensions };
  } catch {
    return { message: GENERIC_MESSAGE, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
}

/** True when `formatError` would pass this error through as one of ours (used for logging levels). */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return original instanceof GatewayError || original instanceof ArgumentValidationError;
}
