import { z } from 'zod';
import type { PolicyDefinition } from './policy.types.js';
import { parseRoomPattern } from './room-pattern.js';

/**
 * The policy file format (JSON), checked with zod. Objects are strict, so a misspelt key is an error
 * rather than a silently ignored rule. Every problem is reported at once with its JSON path.
 */

/** The most any credential may live, whatever the policy file says (a day). */
export const MAX_TTL_SECONDS = 86_400;
/** Live room records one caller may own at once, when the policy file does not say (roomRecords.maxPerOwner). */
export const DEFAULT_ROOMS_PER_OWNER = 50;
/** The most a policy may allow per owner. */
const MAX_ROOMS_PER_OWNER = 10_000;
/** The API's own limit on room names; a policy can only narrow it. */
const API_ROOM_NAME_MAX = 64;

const seconds = z.number().int().min(1).max(MAX_TTL_SECONDS);
const roleName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, 'role names are 1-64 of A-Z a-z 0-9 _ . : -, starting with a letter');
const description = z.string().max(500).optional();

const trackSource = z.enum(['camera', 'microphone', 'screen_share', 'screen_share_audio']);
/** `"all"` for every source, or a list of sources; an empty list is "no source" (never "all", unlike in a LiveKit token). */
const trackSources = z.union([
  z.literal('all'),
  z
    .array(trackSource)
    .max(4)
    .refine((list) => new Set(list).size === list.length, 'lists a source twice'),
]);
const livekitGrants = z
  .strictObject({
    canPublish: z.boolean(),
    canSubscribe: z.boolean(),
    canPublishData: z.boolean(),
    canPublishSources: trackSources,
    canUpdateOwnMetadata: z.boolean(),
    hidden: z.boolean(),
    roomAdmin: z.boolean(),
    roomRecord: z.boolean(),
  })
  .superRefine((grants, ctx) => {
    if (grants.canPublish && Array.isArray(grants.canPublishSources) && grants.canPublishSources.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['canPublishSources'],
        message: 'is empty (no source) while canPublish is true: list the sources, write "all" for every source, or set canPublish to false',
      });
    }
  });

const BOOLEAN_GRANTS = ['canPublish', 'canSubscribe', 'canPublishData', 'canUpdateOwnMetadata', 'hidden', 'roomAdmin', 'roomRecord'] as const;

/** A LiveKit agent name a role may dispatch into its rooms (`room_config.agents` at POST /livekit/token). */
const agentName = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'agent names are 1-128 of A-Z a-z 0-9 _ . : -');
const livekitAgents = z
  .array(agentName)
  .max(50)
  .refine((list) => new Set(list).size === list.length, 'lists an agent twice');

const livekitRules = z
  // `agents`: the agents the role may ask LiveKit to dispatch; unset is none.
  .strictObject({ defaults: livekitGrants, max: livekitGrants, agents: livekitAgents.optional() })
  .superRefine(({ defaults, max }, ctx) => {
    for (const grant of BOOLEAN_GRANTS) {
      if (defaults[grant] && !max[grant]) {
        ctx.addIssue({ code: 'custom', path: ['defaults', grant], message: `is true but max.${grant} is false` });
      }
    }
    // Sources only matter where the role publishes at all.
    const want = defaults.canPublishSources;
    const allowed = max.canPublishSources;
    if (defaults.canPublish && allowed !== 'all' && (want === 'all' || want.some((s) => !allowed.includes(s)))) {
      ctx.addIssue({ code: 'custom', path: ['defaults', 'canPublishSources'], message: 'must be within max.canPublishSources' });
    }
  });

const openViduRole = z.enum(['SUBSCRIBER', 'PUBLISHER', 'MODERATOR']);
const openViduRules = z
  .strictObject({
    defaultRole: openViduRole,
    allowedRoles: z.array(openViduRole).min(1),
    createSessions: z.boolean(),
    // Unset means no: recording is only ever granted explicitly.
    recording: z.boolean().default(false),
  })
  .superRefine((rules, ctx) => {
    if (!rules.allowedRoles.includes(rules.defaultRole)) {
      ctx.addIssue({ code: 'custom', path: ['defaultRole'], message: 'must be one of allowedRoles' });
    }
  });

const videoSdkPermission = z.enum(['allow_join', 'ask_join', 'allow_mod']);
const videoSdkRules = z
  .strictObject({
    defaultPermissions: z.array(videoSdkPermission).min(1),
    allowedPermissions: z.array(videoSdkPermission).min(1),
    createMeetings: z.boolean(),
  })
  .superRefine((rules, ctx) => {
    if (rules.defaultPermissions.some((p) => !rules.allowedPermissions.includes(p))) {
      ctx.addIssue({ code: 'custom', path: ['defaultPermissions'], message: 'must be a subset of allowedPermissions' });
    }
    if (rules.defaultPermissions.includes('ask_join') && rules.defaultPermissions.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['defaultPermissions'], message: 'ask_join cannot be combined with other permissions' });
    }
  });

const roomPattern = z.string().superRefine((pattern, ctx) => {
  const parsed = parseRoomPattern(pattern);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: `pattern ${parsed}` });
});

const roomRules = z.strictObject({
  join: z.array(roomPattern).max(50),
  create: z.array(roomPattern).max(50),
  createWithGeneratedId: z.boolean(),
  // The `moderate` permission: rooms (patterns, as for join) the role may moderate. Unset: none.
  moderate: z.array(roomPattern).max(50).optional(),
});

const roleRules = z.strictObject({
  description,
  livekit: livekitRules,
  openvidu: openViduRules,
  videosdk: videoSdkRules,
  rooms: roomRules,
});

const ttlRule = z.strictObject({ defaultSeconds: seconds, maxSeconds: seconds }).superRefine((rule, ctx) => {
  if (rule.defaultSeconds > rule.maxSeconds) {
    ctx.addIssue({ code: 'custom', path: ['defaultSeconds'], message: 'must not exceed maxSeconds' });
  }
});

const roomNames = z
  .strictObject({
    allowedCharacters: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a character-class body of letters, digits, _ and - ranges, e.g. "a-z0-9-"'),
    minLength: z.number().int().min(1).max(API_ROOM_NAME_MAX),
    maxLength: z.number().int().min(1).max(API_ROOM_NAME_MAX),
  })
  .superRefine((rules, ctx) => {
    if (rules.minLength > rules.maxLength) ctx.addIssue({ code: 'custom', path: ['minLength'], message: 'must not exceed maxLength' });
    try {
      new RegExp(`^[${rules.allowedCharacters}]+$`);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['allowedCharacters'], message: 'is not a valid character class (check the ranges)' });
    }
  });

const rateLimitRule = z.strictObject({
  points: z.number().int().min(1).max(1_000_000),
  durationSeconds: z.number().int().min(1).max(86_400),
});

export const policySchema = z.strictObject({
  $schema: z.string().optional(),
  description,
  version: z.literal(1),
  defaultRole: roleName,
  ownerRole: roleName,
  roles: z.record(roleName, roleRules).refine((roles) => Object.keys(roles).length > 0, 'must define at least one role'),
  roleOrder: z.array(roleName).min(1),
  roomNames,
  ttl: z.strictObject({ livekit: ttlRule, videosdk: ttlRule }),
  roomRecords: z.strictObject({
    ttlSeconds: z.strictObject({ openvidu: z.number().int().min(60).max(2_592_000), videosdk: z.number().int().min(60).max(2_592_000) }),
    maxPerOwner: z.number().int().min(1).max(MAX_ROOMS_PER_OWNER).default(DEFAULT_ROOMS_PER_OWNER),
  }),
  rateLimits: z.strictObject({ perCaller: rateLimitRule, perIp: rateLimitRule }),
});

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Role references are checked on the raw input, so they are reported even when other parts are invalid. */
function checkRoleReferences(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  const { roles, defaultRole, ownerRole } = raw as Record<string, unknown>;
  if (!roles || typeof roles !== 'object') return [];
  const problems: string[] = [];
  for (const [field, value] of [['defaultRole', defaultRole], ['ownerRole', ownerRole]] as const) {
    if (typeof value === 'string' && !Object.hasOwn(roles, value)) problems.push(`${field}: names no role defined in roles`);
  }
  problems.push(...checkRoleOrder(Object.keys(roles), (raw as Record<string, unknown>).roleOrder));
  return problems;
}

/** `roleOrder` ranks every role: each defined role exactly once, nothing else. */
function checkRoleOrder(defined: string[], order: unknown): string[] {
  if (!Array.isArray(order) || order.some((name) => typeof name !== 'string')) return [];
  const problems: string[] = [];
  const unknown = order.filter((name) => !defined.includes(name));
  const repeated = order.filter((name, i) => order.indexOf(name) !== i);
  const missing = defined.filter((name) => !order.includes(name));
  if (unknown.length) problems.push(`roleOrder: names roles not defined in roles: ${[...new Set(unknown)].join(', ')}`);
  if (repeated.length) problems.push(`roleOrder: lists a role more than once: ${[...new Set(repeated)].join(', ')}`);
  if (missing.length) {
    problems.push(`roleOrder: must rank every role, least privileged first; missing: ${missing.join(', ')}`);
  }
  return problems;
}

export type PolicyParseResult = { ok: true; policy: PolicyDefinition } | { ok: false; problems: string[] };

/**
 * Checks a parsed JSON value against the policy format. Never throws; returns every problem found,
 * each as `json.path: what is wrong` (values are not repeated).
 */
export function parsePolicy(raw: unknown): PolicyParseResult {
  const parsed = policySchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        // A bad record key carries the key rule's own message one level down.
        const message = issue.code === 'invalid_key' ? `invalid name: ${issue.issues.map((i) => i.message).join('; ')}` : issue.message;
        return `${formatPath(issue.path) || '(root)'}: ${message}`;
      });
  problems.push(...checkRoleReferences(raw));
  if (problems.length || !parsed.success) return { ok: false, problems };
  const { $schema: _schema, description: _description, ...policy } = parsed.data;
  return { ok: true, policy };
}
