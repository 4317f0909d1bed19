import { Extensions } from 'type-graphql';

/** The GraphQL field extension the rate-limit plugin looks for. */
export const RATE_LIMITED_EXTENSION_KEY = 'rateLimited';

/**
 * Marks a root field that reaches a provider or issues a credential: each distinct response key of it
 * in an operation (each alias; a field repeated under one key runs once) costs one point of the
 * caller's and the client IP's budget, charged before the operation runs. Every root field whose
 * resolver calls a provider must carry it.
 */
export function RateLimited(): MethodDecorator {
  return Extensions({ [RATE_LIMITED_EXTENSION_KEY]: true });
}
