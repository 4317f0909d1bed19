import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BadUserInputError, ForbiddenError } from '../errors/gateway-errors.js';
import type {
  LivekitJoinGrants,
  OpenViduRole,
  PolicyDefinition,
  RoleRules,
  TtlRule,
  VideoSdkPermission,
} from './policy.types.js';

export type LivekitGrantRequest = Partial<LivekitJoinGrants>;

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

/**
 * Decides what a caller may receive. Every decision either returns the exact, fully explicit value
 * to put in the credential, or throws FORBIDDEN with a reason; no provider is called before that.
 */
export class Policy {
  constructor(readonly definition: PolicyDefinition) {}

  /** The rules that apply to a caller: the default role plus each known role they hold. */
  rulesFor(user: AuthenticatedUser): RoleRules[] {
    const names = new Set([this.definition.defaultRole, ...user.roles]);
    return [...names].map((n) => this.definition.roles[n]).filter((r): r is RoleRules => r !== undefined);
  }

  /** The role rules with the widest LiveKit defaults among the caller's roles (last known role wins). */
  private primaryRules(user: AuthenticatedUser): RoleRules {
    const rules = this.rulesFor(user);
    return rules[rules.length - 1];
  }

  livekitGrants(user: AuthenticatedUser, requested: LivekitGrantRequest): LivekitJoinGrants {
    const rules = this.rulesFor(user);
    const granted: LivekitJoinGrants = { ...this.primaryRules(user).livekit.defaults };
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

  openViduRole(user: AuthenticatedUser, requested?: OpenViduRole | null): OpenViduRole {
    const rules = this.rulesFor(user);
    if (!requested) return this.primaryRules(user).openvidu.defaultRole;
    if (!rules.some((r) => r.openvidu.allowedRoles.includes(requested))) {
      throw new ForbiddenError(`Your roles do not allow the OpenVidu role ${requested}.`, 'openvidu.role');
    }
    return requested;
  }

  videoSdkPermissions(user: AuthenticatedUser, requested?: VideoSdkPermission[] | null): VideoSdkPermission[] {
    const rules = this.rulesFor(user);
    const permissions = requested && requested.length > 0 ? [...new Set(requested)] : this.primaryRules(user).videosdk.defaultPermissions;
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
}
