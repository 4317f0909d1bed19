import type { GraphQLField } from 'graphql';
import { Extensions } from 'type-graphql';
import type { CredentialProvider } from '../policy/policy.types.js';

/** The GraphQL field extension that carries a credential field's marking. */
export const CREDENTIAL_FIELD_EXTENSION = 'credentialField';

/** What a root field of the credential API costs and hands out; read from the schema, never from a client. */
export interface CredentialFieldMarking {
  /** The provider the field reaches or signs for; `argument` when the field's `provider` argument (or input field) names it. */
  provider: CredentialProvider | 'argument';
  /** Rate-limit points each distinct response key of the field costs (charged before the operation runs). */
  points: number;
  /** Whether the field hands out a credential (a join token): at most GRAPHQL_MAX_CREDENTIAL_FIELDS per operation. */
  issuesCredential: boolean;
}

/**
 * Marks a root field that reaches a provider or issues a credential. Every such field carries it:
 * the rate limits charge its points once per distinct response key (each alias; a field repeated
 * under one key runs once), and with `issuesCredential` the document limits count it against the
 * credential fields an operation may hold.
 */
export function CredentialField(options: { provider: CredentialProvider | 'argument'; issuesCredential?: boolean; points?: number }): MethodDecorator {
  const marking: CredentialFieldMarking = {
    provider: options.provider,
    points: options.points ?? 1,
    issuesCredential: options.issuesCredential ?? false,
  };
  return Extensions({ [CREDENTIAL_FIELD_EXTENSION]: marking });
}

/** The field's marking, or undefined for a field without one. */
export function credentialFieldOf(field: GraphQLField<unknown, unknown>): CredentialFieldMarking | undefined {
  return field.extensions?.[CREDENTIAL_FIELD_EXTENSION] as CredentialFieldMarking | undefined;
}

/** Rate-limit points of these root fields (one entry per distinct response key): the sum of their markings' points. */
export function rateLimitPoints(fields: readonly GraphQLField<unknown, unknown>[]): number {
  let points = 0;
  for (const field of fields) points += credentialFieldOf(field)?.points ?? 0;
  return points;
}

/** How many of these root fields (one entry per distinct response key) issue a credential. */
export function credentialIssuingFields(fields: readonly GraphQLField<unknown, unknown>[]): number {
  let count = 0;
  for (const field of fields) if (credentialFieldOf(field)?.issuesCredential) count++;
  return count;
}
