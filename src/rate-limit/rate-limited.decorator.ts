import { Extensions } from 'type-graphql';

/** The GraphQL field extension the rate-limit plugin looks for. */
export const RATE_LIMITED_EXTENSION_KEY = 'rateLimited';

/**
 * Marks a mutation as a credential mutation: each occurrence in a document (aliases included) costs one
 * point of the caller's and the client IP's budget, charged before the operation runs.
 */
export function RateLimited(): MethodDecorator {
  return Extensions({ [RATE_LIMITED_EXTENSION_KEY]: true });
}
