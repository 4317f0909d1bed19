import { createParameterDecorator } from 'type-graphql';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { UnauthenticatedError } from '../errors/gateway-errors.js';
import type { Context } from './context.js';

/** Injects the verified caller. Resolvers using it are also `@Authorized()`, so the user is never null. */
export function CurrentUser() {
  return createParameterDecorator<Context>(({ context }): AuthenticatedUser => {
    if (!context.user) throw new UnauthenticatedError();
    return context.user;
  });
}
