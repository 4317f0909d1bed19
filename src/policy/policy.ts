import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BadUserInputError, ForbiddenError } from '../errors/gateway-errors.js';
import type {
  LivekitJoinGrants,
  LivekitTrackSource,
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

/** Where a credential is asked for. */
export interface RoomScope {
  /** The caller owns the room: the policy's owner role applies there. */
  owner: boolean;
  /**
   * The room's names (a VideoSDK meeting is known by its meetingId and its custom id). A role the caller
   * holds only counts when one of its join patterns matches one of them.
   */
  rooms: string | readonly string[];
}

/** What a connection to an OpenVidu session asks for. */
export interface OpenViduConnectionRequest {
  role?: OpenViduRole | null;
  record?: boolean | null;
}

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

/** The reason of a refusal where each part is allowed by some role, but no single role allows all of it. */
export const COMBINED_ROLES_REASON = 'roles.combination';

interface CompiledPattern {
  source: string;
  tokens: RoomPatternToken[];
}

interface CompiledRole {
  name: string;
  rules: RoleRules;
  join: CompiledPattern[];
  create: CompiledPattern[];
  moderate: CompiledPattern[];
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

function allowsSource(max: LivekitJoinGrants, source: LivekitTrackSource): boolean {
  return max.canPublishSources === 'all' || max.canPublishSources.includes(source);
}

/** True when every grant in `grants` is within `max` (sources only count where the grants publish). */
function withinMax(grants: LivekitJoinGrants, max: LivekitJoinGrants): boolean {
  if (BOOLEAN_GRANTS.some((grant) => grants[grant] && !max[grant])) return false;
  if (!grants.canPublish || max.canPublishSources === 'all') return true;
  const sources = grants.canPublishSources;
  return sources !== 'all' && sources.every((s) => allowsSource(max, s));
}

function combinedRolesError(what: string): ForbiddenError {
  return new ForbiddenError(
    `No single role of yours allows ${what} in this room; roles are never combined, so ask for what one role allows.`,
    COMBINED_ROLES_REASON,
  );
}

/**
 * Decides what a caller may receive and where. Every decision either returns the exact, fully explicit
 * value to put in the credential, or throws FORBIDDEN with a `reason` and a message a client developer
 * can act on; the resolvers call it before any provider call.
 *
 * The single-role rule: a credential is issued only when ONE role allows all of it, in this room. The
 * roles that count are those the caller holds whose join patterns match the room (plus the owner role
 * in a room the caller owns); defaults come from the highest-ranked of them (`roleOrder`), and the
 * final set (defaults with the request applied) must lie within the maximum of one of them. Two roles
 * that each allow half of a request never add up to it.
 */
export class Policy {
  /** Every role, least privileged first (the policy's `roleOrder`). */
  private readonly roles: CompiledRole[];
  private readonly roomNamePattern: RegExp;

  constructor(readonly definition: PolicyDefinition) {
    this.roles = definition.roleOrder.map((name) => {
      const rules = definition.roles[name];
      // The policy schema already checked the order; this guards hand-built definitions.
      if (!rules) throw new Error(`roleOrder names an undefined role "${name}"`);
      return {
        name,
        rules,
        join: compilePatterns(rules.rooms.join),
        create: compilePatterns(rules.rooms.create),
        moderate: compilePatterns(rules.rooms.moderate ?? []),
      };
    });
    if (this.roles.length !== Object.keys(definition.roles).length) throw new Error('roleOrder must rank every role');
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
   * The roles the caller holds, least privileged first: the default role and each role of the caller
   * the policy knows (unknown ones are ignored).
   */
  private rolesFor(user: AuthenticatedUser): CompiledRole[] {
    const held = new Set<string>([this.definition.defaultRole, ...user.roles]);
    return this.roles.filter((role) => held.has(role.name));
  }

  /**
   * The roles that count in this room, least privileged first: held roles with a join pattern matching
   * one of its names, and the owner role in a room the caller owns. Throws FORBIDDEN (`rooms.join`)
   * when there is none (the room checks normally refused such a caller already).
   */
  private rolesInRoom(user: AuthenticatedUser, scope: RoomScope): CompiledRole[] {
    const names = typeof scope.rooms === 'string' ? [scope.rooms] : scope.rooms;
    const owner = this.definition.ownerRole;
    const held = new Set<string>([this.definition.defaultRole, ...user.roles]);
    const roles = this.roles.filter(
      (role) =>
        (scope.owner && role.name === owner) ||
        (held.has(role.name) && role.join.some((p) => names.some((name) => matchesRoomPattern(p.tokens, name, user)))),
    );
    if (roles.length === 0) throw this.joinRefusal(user);
    return roles;
  }

  livekitGrants(user: AuthenticatedUser, requested: LivekitGrantRequest, scope: RoomScope): LivekitJoinGrants {
    const roles = this.rolesInRoom(user, scope);
    const defaults = roles.at(-1)!.rules.livekit.defaults;
    const granted: LivekitJoinGrants = {
      ...defaults,
      canPublishSources: defaults.canPublishSources === 'all' ? 'all' : [...defaults.canPublishSources],
    };
    for (const grant of BOOLEAN_GRANTS) {
      const want = requested[grant];
      if (want === undefined || want === null) continue;
      if (want && !roles.some((r) => r.rules.livekit.max[grant])) {
        throw new ForbiddenError(`Your roles do not allow the LiveKit grant "${grant}".`, `livekit.${grant}`);
      }
      granted[grant] = want;
    }
    const sources = requested.canPublishSources;
    if (sources !== undefined && sources !== null) {
      if (sources === 'all' || sources.length === 0) {
        throw new BadUserInputError('canPublishSources must list at least one source; to publish nothing, set canPublish to false.', 'canPublishSources');
      }
      const refused = sources.filter((s) => !roles.some((r) => allowsSource(r.rules.livekit.max, s)));
      if (refused.length) {
        throw new ForbiddenError(`Your roles do not allow publishing from: ${refused.join(', ')}.`, 'livekit.canPublishSources');
      }
      granted.canPublishSources = [...new Set(sources)];
    }
    // Not publishing at all: no source, whatever the defaults listed.
    if (!granted.canPublish) granted.canPublishSources = [];
    if (!roles.some((r) => withinMax(granted, r.rules.livekit.max))) throw combinedRolesError('this combination of LiveKit grants');
    return granted;
  }

  /**
   * Throws FORBIDDEN (`livekit.agents`) unless one role that counts in this room names every agent asked
   * for in its `livekit.agents`. Names are never echoed: a refusal reads the same for every name.
   */
  assertMayDispatchLivekitAgents(user: AuthenticatedUser, agentNames: readonly string[], scope: RoomScope): void {
    if (agentNames.length === 0) return;
    const roles = this.rolesInRoom(user, scope);
    const names = (role: CompiledRole) => role.rules.livekit.agents ?? [];
    if (agentNames.some((agent) => !roles.some((r) => names(r).includes(agent)))) {
      throw new ForbiddenError('Your roles do not allow dispatching the LiveKit agents asked for.', 'livekit.agents');
    }
    if (!roles.some((r) => agentNames.every((agent) => names(r).includes(agent)))) throw combinedRolesError('these LiveKit agents together');
  }

  /** The OpenVidu role of a new connection; `record: true` needs a role with `recording`, the same one. */
  openViduRole(user: AuthenticatedUser, requested: OpenViduConnectionRequest, scope: RoomScope): OpenViduRole {
    const roles = this.rolesInRoom(user, scope);
    const role = requested.role ?? roles.at(-1)!.rules.openvidu.defaultRole;
    const record = requested.record === true;
    if (requested.role && !roles.some((r) => r.rules.openvidu.allowedRoles.includes(role))) {
      throw new ForbiddenError(`Your roles do not allow the OpenVidu role ${role}.`, 'openvidu.role');
    }
    if (record && !roles.some((r) => r.rules.openvidu.recording)) {
      throw new ForbiddenError('Your roles do not allow recorded OpenVidu connections (record: true).', 'openvidu.recording');
    }
    if (!roles.some((r) => r.rules.openvidu.allowedRoles.includes(role) && (!record || r.rules.openvidu.recording))) {
      throw combinedRolesError(`the OpenVidu role ${role}${record ? ' with recording' : ''}`);
    }
    return role;
  }

  videoSdkPermissions(user: AuthenticatedUser, requested: VideoSdkPermission[] | null | undefined, scope: RoomScope): VideoSdkPermission[] {
    const roles = this.rolesInRoom(user, scope);
    const permissions =
      requested && requested.length > 0 ? [...new Set(requested)] : [...roles.at(-1)!.rules.videosdk.defaultPermissions];
    if (permissions.includes('ask_join') && permissions.length > 1) {
      throw new BadUserInputError('The VideoSDK permission ask_join cannot be combined with other permissions.', 'permissions');
    }
    const refused = permissions.filter((p) => !roles.some((r) => r.rules.videosdk.allowedPermissions.includes(p)));
    if (refused.length) {
      throw new ForbiddenError(`Your roles do not allow the VideoSDK permissions: ${refused.join(', ')}.`, 'videosdk.permissions');
    }
    if (!roles.some((r) => permissions.every((p) => r.rules.videosdk.allowedPermissions.includes(p)))) {
      throw combinedRolesError(`the VideoSDK permissions ${permissions.join(', ')} together`);
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
    return this.rolesFor(user).some((role) =>
      role.join.some((p) => all.some((name) => matchesRoomPattern(p.tokens, name, user))),
    );
  }

  /**
   * The `moderate` permission: true when a role the caller holds has a `rooms.moderate` pattern matching
   * the name, or one of the names. The owner role does not count here: ownership is decided by the room
   * record (rooms module), not by the policy.
   */
  mayModerate(user: AuthenticatedUser, names: string | readonly string[]): boolean {
    const all = typeof names === 'string' ? [names] : names;
    return this.rolesFor(user).some((role) => role.moderate.some((p) => all.some((name) => matchesRoomPattern(p.tokens, name, user))));
  }

  /** Throws FORBIDDEN (`rooms.join`) listing the patterns the caller may join. */
  assertMayJoin(user: AuthenticatedUser, names: string | string[]): void {
    if (this.mayJoin(user, names)) return;
    throw this.joinRefusal(user);
  }

  private joinRefusal(user: AuthenticatedUser): ForbiddenError {
    const patterns = this.rolesFor(user).flatMap((r) => r.rules.rooms.join);
    return new ForbiddenError(
      `Your roles do not allow joining this room. Rooms you may join match: ${describePatterns(patterns)}.`,
      'rooms.join',
    );
  }

  /**
   * Throws FORBIDDEN (`rooms.create`) unless a role the caller holds has `rooms.createWithGeneratedId`:
   * a LiveKit token asked for without a room name is for a new room whose name the gateway generates.
   */
  assertMayCreateLivekitRoom(user: AuthenticatedUser): void {
    if (this.rolesFor(user).some((r) => r.rules.rooms.createWithGeneratedId)) return;
    // A missing name is an incomplete request (400), as LiveKit's standard token endpoint expects.
    throw new BadUserInputError('A room name is required: your roles do not allow a LiveKit room named by the gateway.', 'roomName');
  }

  /**
   * Throws FORBIDDEN when the caller may not create a session (OpenVidu) or meeting (VideoSDK), or not
   * under this custom id (`rooms.create`); without a custom id the role needs `createWithGeneratedId`.
   * A recorded session (`recording: true`, OpenVidu `recordingMode: ALWAYS`) needs `openvidu.recording`
   * in the same role that may create it there (`openvidu.recording` when no role records at all).
   */
  assertMayCreate(user: AuthenticatedUser, provider: RoomProvider, customId: string | null | undefined, needs: { recording?: boolean } = {}): void {
    const roles = this.rolesFor(user);
    const kind = provider === 'openvidu' ? 'sessions' : 'meetings';
    const creators = roles.filter((r) =>
      provider === 'openvidu' ? r.rules.openvidu.createSessions : r.rules.videosdk.createMeetings,
    );
    if (creators.length === 0) {
      throw new ForbiddenError(
        `Your roles do not allow creating ${provider === 'openvidu' ? 'OpenVidu' : 'VideoSDK'} ${kind}.`,
        provider === 'openvidu' ? 'openvidu.createSession' : 'videosdk.createMeeting',
      );
    }
    const capable = needs.recording ? creators.filter((r) => r.rules.openvidu.recording) : creators;
    if (capable.length === 0) {
      throw new ForbiddenError('Your roles do not allow creating recorded OpenVidu sessions (recordingMode ALWAYS).', 'openvidu.recording');
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
