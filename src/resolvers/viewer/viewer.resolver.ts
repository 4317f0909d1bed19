import { Authorized, Query, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { Viewer } from './viewer.type.js';

@Authorized()
@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'Who the gateway thinks is calling.' })
  viewer(@CurrentUser() user: AuthenticatedUser): Viewer {
    return { id: user.id, name: user.name, roles: user.roles, tokenExpiresAt: new Date(user.expiresAt * 1000) };
  }
}
