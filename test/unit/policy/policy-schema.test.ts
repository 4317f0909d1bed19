import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY } from '../../../src/policy/default-policy.js';
import { parsePolicy } from '../../../src/policy/policy.schema.js';

const example = JSON.parse(readFileSync(new URL('../../../policy.example.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function problemsOf(raw: unknown): string[] {
  const result = parsePolicy(raw);
  return result.ok ? [] : result.problems;
}

describe('policy file format', () => {
  it('accepts the built-in default policy and the shipped example', () => {
    expect(parsePolicy(DEFAULT_POLICY)).toEqual({ ok: true, policy: DEFAULT_POLICY });
    const parsed = parsePolicy(example);
    expect(parsed.ok).toBe(true);
    // The top-level description is documentation only; it is not part of the definition.
    expect(parsed.ok && 'description' in parsed.policy).toBe(false);
  });

  it('reports every problem at once, each with its JSON path', () => {
    const broken = structuredClone(example) as any;
    broken.version = 2;
    broken.defaultRole = 'nobody';
    broken.roles.guest.livekit.max.canPublish = 'yes';
    broken.roles.member.livekit.defaults.hidden = true;
    broken.roles.member.openvidu.defaultRole = 'MODERATOR';
    broken.roles.member.videosdk.defaultPermissions = ['ask_join', 'allow_mod'];
    broken.roles.member.rooms.create.push('team/{claim.team}');
    broken.roles.moderator.rooms.joinn = ['*'];
    broken.ttl.livekit = { defaultSeconds: 4000, maxSeconds: 900 };
    broken.roomNames.allowedCharacters = 'z-a';
    broken.rateLimits.perIp.points = 0;
    expect(problemsOf(broken).sort()).toEqual(
      [
        'version: Invalid input: expected 1',
        'roles.guest.livekit.max.canPublish: Invalid input: expected boolean, received string',
        'roles.member.livekit.defaults.hidden: is true but max.hidden is false',
        'roles.member.openvidu.defaultRole: must be one of allowedRoles',
        'roles.member.videosdk.defaultPermissions: must be a subset of allowedPermissions',
        'roles.member.videosdk.defaultPermissions: ask_join cannot be combined with other permissions',
        'roles.member.rooms.create[2]: pattern has an unexpected "/" at position 5: use A-Z a-z 0-9 _ -, *, {sub} or {claim.<name>}',
        'roles.moderator.rooms: Unrecognized key: "joinn"',
        'ttl.livekit.defaultSeconds: must not exceed maxSeconds',
        'roomNames.allowedCharacters: is not a valid character class (check the ranges)',
        'rateLimits.perIp.points: Too small: expected number to be >=1',
        'defaultRole: names no role defined in roles',
      ].sort(),
    );
  });

  it('refuses missing sections, a TTL above a day and a malformed role name', () => {
    const guest = JSON.stringify((example.roles as Record<string, unknown>).guest);
    const problems = problemsOf(
      JSON.parse(`{
        "version": 1, "defaultRole": "guest", "ownerRole": "guest",
        "roles": { "guest": ${guest}, "9lives": ${guest} },
        "ttl": { "livekit": { "defaultSeconds": 600, "maxSeconds": 172800 } }
      }`),
    );
    expect(problems).toEqual([
      'roles.9lives: invalid name: role names are 1-64 of A-Z a-z 0-9 _ . : -, starting with a letter',
      'roleOrder: Invalid input: expected array, received undefined',
      'roomNames: Invalid input: expected object, received undefined',
      'ttl.livekit.maxSeconds: Too big: expected number to be <=86400',
      'ttl.videosdk: Invalid input: expected object, received undefined',
      'roomRecords: Invalid input: expected object, received undefined',
      'rateLimits: Invalid input: expected object, received undefined',
    ]);
  });

  it('requires roleOrder to rank every role exactly once', () => {
    for (const [roleOrder, problem] of [
      [['guest', 'member'], 'roleOrder: must rank every role, least privileged first; missing: moderator'],
      [['guest', 'member', 'moderator', 'admin'], 'roleOrder: names roles not defined in roles: admin'],
      [['guest', 'member', 'member', 'moderator'], 'roleOrder: lists a role more than once: member'],
      [[], 'roleOrder: Too small: expected array to have >=1 items'],
    ] as const) {
      expect(problemsOf({ ...example, roleOrder })).toContain(problem);
    }
  });

  it('tells "no source" from "all sources" and refuses an empty source list for a publishing role', () => {
    const broken = structuredClone(example) as any;
    // The old spelling of "every source": now "none", which a publishing role cannot have.
    broken.roles.moderator.livekit.max.canPublishSources = [];
    broken.roles.member.livekit.defaults.canPublishSources = 'all';
    broken.roles.member.livekit.max.canPublishSources = ['camera', 'camera'];
    broken.roles.guest.livekit.max.canPublishSources = 'every';
    expect(problemsOf(broken).sort()).toEqual(
      [
        'roles.moderator.livekit.max.canPublishSources: is empty (no source) while canPublish is true: list the sources, write "all" for every source, or set canPublish to false',
        'roles.moderator.livekit.defaults.canPublishSources: must be within max.canPublishSources',
        'roles.member.livekit.max.canPublishSources: lists a source twice',
        'roles.member.livekit.defaults.canPublishSources: must be within max.canPublishSources',
        'roles.guest.livekit.max.canPublishSources: Invalid input',
      ].sort(),
    );
    const subset = structuredClone(example) as any;
    subset.roles.member.livekit.defaults.canPublishSources = 'all';
    expect(problemsOf(subset)).toEqual(['roles.member.livekit.defaults.canPublishSources: must be within max.canPublishSources']);
  });

  it('checks the moderate permission\'s patterns at start-up; absent means none', () => {
    const broken = structuredClone(example) as any;
    broken.roles.member.rooms.moderate = ['team-{claim.team}-*', 'bad room', ''];
    broken.roles.guest.rooms.moderate = 'everything';
    expect(problemsOf(broken)).toEqual([
      expect.stringMatching(/^roles\.guest\.rooms\.moderate: /),
      expect.stringMatching(/^roles\.member\.rooms\.moderate\[1\]: pattern has an unexpected " "/),
      'roles.member.rooms.moderate[2]: pattern must not be empty',
    ]);
    const parsed = parsePolicy(example);
    expect(parsed.ok && parsed.policy.roles.guest!.rooms.moderate).toBeUndefined();
    expect(parsed.ok && parsed.policy.roles.moderator!.rooms.moderate).toEqual(['*']);
    expect(DEFAULT_POLICY.roles.moderator!.rooms.moderate).toEqual(['*']);
    expect(DEFAULT_POLICY.roles.participant!.rooms.moderate).toBeUndefined();
  });

  it('reads a missing openvidu.recording as false', () => {
    const raw = structuredClone(example) as any;
    delete raw.roles.moderator.openvidu.recording;
    const parsed = parsePolicy(raw);
    expect(parsed.ok && parsed.policy.roles.moderator.openvidu.recording).toBe(false);
    expect(parsed.ok && parsed.policy.roleOrder).toEqual(['guest', 'member', 'moderator']);
  });

  it('limits live rooms per owner: 50 when the file does not say, 1-10000 when it does', () => {
    const withoutLimit = structuredClone(example) as any;
    delete withoutLimit.roomRecords.maxPerOwner;
    const parsed = parsePolicy(withoutLimit);
    expect(parsed.ok && parsed.policy.roomRecords.maxPerOwner).toBe(50);
    for (const bad of [0, 10_001, 2.5, '20']) {
      const broken = structuredClone(example) as any;
      broken.roomRecords.maxPerOwner = bad;
      expect(problemsOf(broken)).toHaveLength(1);
      expect(problemsOf(broken)[0]).toMatch(/^roomRecords\.maxPerOwner: /);
    }
  });

  it('leaves livekit.agents unset (none) when the file does not name any, and refuses malformed or repeated agent names', () => {
    const parsed = parsePolicy(structuredClone(example));
    expect(parsed.ok && parsed.policy.roles.member.livekit).not.toHaveProperty('agents');
    const named = structuredClone(example) as any;
    named.roles.member.livekit.agents = ['support-bot', 'notes.bot:v2'];
    const withAgents = parsePolicy(named);
    expect(withAgents.ok && withAgents.policy.roles.member.livekit.agents).toEqual(['support-bot', 'notes.bot:v2']);
    for (const bad of [['two words'], ['support-bot', 'support-bot'], [''], 'support-bot']) {
      const broken = structuredClone(example) as any;
      broken.roles.member.livekit.agents = bad;
      expect(problemsOf(broken)).toHaveLength(1);
      expect(problemsOf(broken)[0]).toMatch(/^roles\.member\.livekit\.agents/);
    }
  });

  it('says so when the file is not an object', () => {
    expect(problemsOf([])).toEqual(['(root): Invalid input: expected object, received array']);
  });
});
