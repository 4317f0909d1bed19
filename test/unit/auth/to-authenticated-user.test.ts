import { describe, expect, it } from '@jest/globals';
import { toAuthenticatedUser } from '../../../src/auth/verify-access-token.js';

const config = { rolesClaim: 'roles', nameClaim: 'name' };
const exp = 2_000_000_000;

function refusal(payload: Record<string, unknown>): string {
  try {
    toAuthenticatedUser({ exp, ...payload }, config);
  } catch (error) {
    expect((error as { extensions: { code: string } }).extensions.code).toBe('UNAUTHENTICATED');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('toAuthenticatedUser: identity claims under the identity-text rules', () => {
  it('keeps an acceptable sub and name exactly as sent', () => {
    const user = toAuthenticatedUser({ exp, sub: 'zoë', name: 'Zoë Ångström ❤️', roles: ['member'] }, config);
    expect([user.id, user.name, user.roles]).toEqual(['zoë', 'Zoë Ångström ❤️', ['member']]);
  });

  it('treats a missing, empty or non-string name claim as no name', () => {
    for (const name of [undefined, '', 42, { first: 'Zoë' }]) expect(toAuthenticatedUser({ exp, sub: 'a', name }, config).name).toBeNull();
  });

  it('refuses a sub that breaks the rules with the fixed invalid-token message, never repairing it', () => {
    for (const sub of ['ali\u200Bce', 'alice\u202E', 'alice\u2028', ' alice', 'Zoe\u0308', 'x'.repeat(129), '']) {
      expect(refusal({ sub })).toBe('The caller token is invalid or expired.');
    }
  });

  it('refuses a name claim that breaks the rules with a message naming the claim', () => {
    for (const name of [`${'N'.repeat(9216)}\u0007\n\u202E`, 'Eve\u202Eenimda', 'Eve\nAdmin', 'Ame\u0301lie', '  ']) {
      expect(refusal({ sub: 'alice', name })).toMatch(/^The caller token's name claim is not an acceptable display name/);
    }
  });
});
