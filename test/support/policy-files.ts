/**
 * Policy files for tests whose subject is not rate limiting: the built-in policy with budgets large
 * enough that a long table of cases from one caller never meets RATE_LIMITED.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import type { PolicyDefinition } from '../../src/policy/policy.types.js';

const UNLIMITED = 100_000;
let path: string | undefined;

/** Path of a JSON policy equal to the built-in one except for 100 000 mutations a minute per caller and IP. */
export function unlimitedPolicyFile(): string {
  return (path ??= budgetPolicyFile(UNLIMITED, UNLIMITED));
}

/**
 * A policy for room tests: every caller holds `guest` (joins lobby-* and user-{sub}-*, creates nothing),
 * `member` joins and creates anything, owners get `moderator` in their room; at most `maxPerOwner` live
 * rooms per owner; budgets as in `unlimitedPolicyFile`.
 */
export function guestMemberPolicy(maxPerOwner: number): PolicyDefinition {
  const participant = DEFAULT_POLICY.roles.participant;
  const budget = { points: UNLIMITED, durationSeconds: 60 };
  return {
    ...DEFAULT_POLICY,
    defaultRole: 'guest',
    ownerRole: 'moderator',
    roleOrder: ['guest', 'member', 'moderator'],
    roles: {
      guest: {
        ...participant,
        openvidu: { ...participant.openvidu, createSessions: false },
        videosdk: { ...participant.videosdk, createMeetings: false },
        rooms: { join: ['lobby-*', 'user-{sub}-*'], create: [], createWithGeneratedId: false },
      },
      member: { ...participant, rooms: { join: ['*'], create: ['*'], createWithGeneratedId: true } },
      moderator: DEFAULT_POLICY.roles.moderator,
    },
    roomRecords: { ...DEFAULT_POLICY.roomRecords, maxPerOwner },
    rateLimits: { perCaller: budget, perIp: budget },
  };
}

/** Writes `policy` to a file of the temp folder named after `label` and this process; returns its path. */
export function writePolicyFile(policy: PolicyDefinition, label: string): string {
  const file = join(tmpdir(), `callgate-test-policy-${label}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

/** Path of a JSON policy equal to the built-in one with these budgets (points a minute per caller and per IP). */
export function budgetPolicyFile(perCaller: number, perIp: number): string {
  const file = join(tmpdir(), `callgate-test-policy-${process.pid}-${perCaller}-${perIp}.json`);
  const rule = (points: number) => ({ points, durationSeconds: 60 });
  writeFileSync(file, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: rule(perCaller), perIp: rule(perIp) } }));
  return file;
}

/**
 * A policy for moderation tests: every caller is a `participant` (joins and creates anything, moderates
 * nothing but rooms they own); `lead` moderates `team-{claim.team}-*`; `moderator` (the built-in one)
 * moderates every room; `perCaller` points a minute per caller (unlimited by default).
 */
export function moderationPolicy(perCaller = UNLIMITED): PolicyDefinition {
  const participant = DEFAULT_POLICY.roles.participant!;
  return {
    ...DEFAULT_POLICY,
    defaultRole: 'participant',
    ownerRole: 'moderator',
    roleOrder: ['participant', 'lead', 'moderator'],
    roles: {
      participant,
      lead: { ...participant, rooms: { ...participant.rooms, moderate: ['team-{claim.team}-*'] } },
      moderator: DEFAULT_POLICY.roles.moderator!,
    },
    rateLimits: { perCaller: { points: perCaller, durationSeconds: 60 }, perIp: { points: UNLIMITED, durationSeconds: 60 } },
  };
}
