import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { Context } from '../context/context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/gateway-errors.js';

/**
 * `@Authorized()` requires a caller; `@Authorized('role')` also one of the roles. Throws our own
 * errors so clients never see type-graphql's UNAUTHORIZED code.
 */
export class AuthChecker implements AuthCheckerInterface<Context> {
  check({ context }: ResolverData<Context>, roles: string[]): boolean {
    if (!context.user) throw new UnauthenticatedError();
    if (roles.length > 0 && !roles.some((r) => context.user!.roles.includes(r))) {
      throw new ForbiddenError('Your roles do not allow this operation.', 'role');
    }
    return true;
  }
}
