import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BadUserInputError, ForbiddenError } from '../errors/gateway-errors.js';
import type {
  LivekitJoinGrants,
  OpenViduRole,
  PolicyDefinition,
  RateLimitRule,
  RoleRules,
  RoomProvider,
  TtlRule,
  VideoSdkPermission,
} from './policy.types.js';
import { matchesRoomPattern, parseRoomPattern, type RoomPatternToken } from './room-pattern.js';

export type LivekitGrantRequest = Partial<LivekitJoinGrants>;

/** Where a credential is asked for: the room owner gets the policy's owner role there. */
export interface RoomScope {
  owner: boolean;
}

const NOT_OWNER: RoomScope = { owner: false };

type BooleanGrant = Exclude<keyof LivekitJoinGrants, 'canPublishSources'>;
const BOOLEAN_GRANTS: BooleanGrant[] = [
  'canPublish',
  'canSubscribe',
  'canPublishData',
  'canUpdateOwnMetadata',
  'hidden',
  'roomAdmin',
  'roomRecord',
];

interface CompiledPattern {
  source: string;
  tokens: RoomPatternToken[];
}

interface CompiledRole {
  name: string;
  rules: RoleRules;
  join: CompiledPattern[];
  create: CompiledPattern[];
}

function compilePatterns(patterns: string[]): CompiledPattern[] {
  return patterns.map((source) => {
    const tokens = parseRoomPattern(source);
    // The policy schema already refused bad patterns; this guards hand-built definitions.
    if (typeof tokens === 'string') throw new Error(`Invalid room pattern "${source}": ${tokens}`);
    return { source, tokens };
  });
}

function describePatterns(patterns: string[]): string {
  return patterns.length ? patterns.join(', ') : 'none';
}

/**
 * Decides what a caller may receive and where. Every decision either returns the exact, fully explicit
 * value to put in the credential, or throws FORBIDDEN with a `reason` and a message a client developer
 * can act on; the resolvers call it before any provider call.
 */
export class Policy {
  private readonly roles: CompiledRole[];
  private readonly roomNamePattern: RegExp;

  constructor(readonly definition: PolicyDefinition) {
    // Object.keys keeps the file's order, which is the documented precedence (least privileged first).
    this.roles = Object.keys(definition.roles).map((name) => {
      const rules = definition.roles[name];
      return { name, rules, join: compilePatterns(rules.rooms.join), create: compilePatterns(rules.rooms.create) };
    });
    const { allowedCharacters, minLength, maxLength } = definition.roomNames;
    this.roomNamePattern = new RegExp(`^[${allowedCharacters}]{${minLength},${maxLength}}$`);
  }

  get rateLimits(): { perCaller: RateLimitRule; perIp: RateLimitRule } {
    return this.definition.rateLimits;
  }

  /** How long an ownership record of this provider's rooms is kept, in milliseconds. */
  roomRecordTtlMs(provider: RoomProvider): number {
    return this.definition.roomRecords.ttlSeconds[provider] * 1000;
  }

  /**
   * The roles that apply, least privileged first: the default role, each role of the caller the policy
   * knows (unknown ones are ignored), and the owner role in a room the caller owns.
   */
  private rolesFor(user: AuthenticatedUser, scope: RoomScope): CompiledRole[] {
    const held = new Set<string>([this.definition.defaultRole, ...user.roles]);
    if (scope.owner) held.add(this.definition.ownerRole);
    return this.roles.filter((role) => held.has(role.name));
  }

  /** The rules of every role that applies, least privileged first. */
  rulesFor(user: AuthenticatedUser, scope: RoomScope = NOT_OWNER): RoleRules[] {
    return this.rolesFor(user, scope).map((r) => r.rules);
  }

  /** Defaults come from the most privileged role that applies. */
  private primaryRules(user: AuthenticatedUser, scope: RoomScope): RoleRules {
    return this.rolesFor(user, scope).at(-1)!.rules;
  }

  livekitGrants(user: AuthenticatedUser, requested: LivekitGrantRequest, scope: RoomScope = NOT_OWNER): LivekitJoinGrants {
    const rules = this.rulesFor(user, scope);
    const granted: LivekitJoinGrants = { ...this.primaryRules(user, scope).livekit.defaults };
    granted.canPublishSources = [...granted.canPublishSources];
    for (const grant of BOOLEAN_GRANTS) {
      const want = requested[grant];
      if (want === undefined || want === null) continue;
      if (want && !rules.some((r) => r.livekit.max[grant])) {
        throw new ForbiddenError(`Your roles do not allow the LiveKit grant "${grant}".`, `livekit.${grant}`);
      }
      granted[grant] = want;
    }
    if (requested.canPublishSources && requested.canPublishSources.length > 0) {
      const allowed = (source: string) =>
        rules.some((r) => r.livekit.max.canPublishSources.length === 0 || r.livekit.max.canPublishSources.includes(source as never));
      const refused = requested.canPublishSources.filter((s) => !allowed(s));
      if (refused.length) {
        throw new ForbiddenError(`Your roles do not allow publishing from: ${refused.join(', ')}.`, 'livekit.canPublishSources');
      }
      granted.canPublishSources = [...new Set(requested.canPublishSources)];
    }
    return granted;
  }

  openViduRole(user: AuthenticatedUser, requested?: OpenViduRole | null, scope: RoomScope = NOT_OWNER): OpenViduRole {
    if (!requested) return this.primaryRules(user, scope).openvidu.defaultRole;
    if (!this.rulesFor(user, scope).some((r) => r.openvidu.allowedRoles.includes(requested))) {
      throw new ForbiddenError(`Your roles do not allow the OpenVidu role ${requested}.`, 'openvidu.role');
    }
    return requested;
  }

  videoSdkPermissions(
    user: AuthenticatedUser,
    requested?: VideoSdkPermission[] | null,
    scope: RoomScope = NOT_OWNER,
  ): VideoSdkPermission[] {
    const rules = this.rulesFor(user, scope);
    const permissions =
      requested && requested.length > 0 ? [...new Set(requested)] : [...this.primaryRules(user, scope).videosdk.defaultPermissions];
    if (permissions.includes('ask_join') && permissions.length > 1) {
      throw new BadUserInputError('The VideoSDK permission ask_join cannot be combined with other permissions.', 'permissions');
    }
    const refused = permissions.filter((p) => !rules.some((r) => r.videosdk.allowedPermissions.includes(p)));
    if (refused.length) {
      throw new ForbiddenError(`Your roles do not allow the VideoSDK permissions: ${refused.join(', ')}.`, 'videosdk.permissions');
    }
    return permissions;
  }

  /** The TTL to sign with: the default when none is asked, never more than the maximum (capped). */
  ttlSeconds(provider: 'livekit' | 'videosdk', requested?: number | null): number {
    const rule: TtlRule = this.definition.ttl[provider];
    if (requested === undefined || requested === null) return rule.defaultSeconds;
    return Math.min(requested, rule.maxSeconds);
  }

  /** Throws FORBIDDEN (`rooms.name`) when the name breaks the policy's naming rule. */
  assertRoomName(name: string): void {
    if (this.roomNamePattern.test(name)) return;
    const { allowedCharacters, minLength, maxLength } = this.definition.roomNames;
    throw new ForbiddenError(
      `Room names must be ${minLength}-${maxLength} characters of [${allowedCharacters}] on this gateway.`,
      'rooms.name',
    );
  }

  /**
   * True when one of the caller's roles has a join pattern matching the name, or one of the names: a
   * VideoSDK meeting is known by its meetingId and its custom id, and either may match.
   */
  mayJoin(user: AuthenticatedUser, names: string | string[]): boolean {
    const all = typeof names === 'string' ? [names] : names;
    return this.rolesFor(user, NOT_OWNER).some((role) =>
      role.join.some((p) => all.some((name) => matchesRoomPattern(p.tokens, name, user))),
    );
  }

  /** Throws FORBIDDEN (`rooms.join`) listing the patterns the caller may join. */
  assertMayJoin(user: AuthenticatedUser, names: string | string[]): void {
    if (this.mayJoin(user, names)) return;
    const patterns = this.rolesFor(user, NOT_OWNER).flatMap((r) => r.rules.rooms.join);
    throw new ForbiddenError(
      `Your roles do not allow joining this room. Rooms you may join match: ${describePatterns(patterns)}.`,
      'rooms.join',
    );
  }

  /**
   * Throws FORBIDDEN when the caller may not create a session (OpenVidu) or meeting (VideoSDK), or not
   * under this custom id (`rooms.create`); without a custom id the role needs `createWithGeneratedId`.
   */
  assertMayCreate(user: AuthenticatedUser, provider: RoomProvider, customId: string | null | undefined): void {
    const roles = this.rolesFor(user, NOT_OWNER);
    const kind = provider === 'openvidu' ? 'sessions' : 'meetings';
    const capable = roles.filter((r) =>
      provider === 'openvidu' ? r.rules.openvidu.createSessions : r.rules.videosdk.createMeetings,
    );
    if (capable.length === 0) {
      throw new ForbiddenError(
        `Your roles do not allow creating ${provider === 'openvidu' ? 'OpenVidu' : 'VideoSDK'} ${kind}.`,
        provider === 'openvidu' ? 'openvidu.createSession' : 'videosdk.createMeeting',
      );
    }
    const patterns = capable.flatMap((r) => r.rules.rooms.create);
    if (customId === undefined || customId === null) {
      if (capable.some((r) => r.rules.rooms.createWithGeneratedId)) return;
      throw new ForbiddenError(
        `Your roles may create ${kind} only with a custom id matching: ${describePatterns(patterns)}.`,
        'rooms.create',
      );
    }
    this.assertRoomName(customId);
    if (capable.some((r) => r.create.some((p) => matchesRoomPattern(p.tokens, customId, user)))) return;
    throw new ForbiddenError(
      `Your roles do not allow creating ${kind} with this id. Ids you may create match: ${describePatterns(patterns)}.`,
      'rooms.create',
    );
  }
}
