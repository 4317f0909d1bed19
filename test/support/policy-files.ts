/**
 * Policy files for tests whose subject is not rate limiting: the built-in policy with budgets large
 * enough that a long table of cases from one caller never meets RATE_LIMITED.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';

let path: string | undefined;

/** Path of a JSON policy equal to the built-in one except for 100 000 mutations a minute per caller and IP. */
export function unlimitedPolicyFile(): string {
  if (!path) {
    path = join(tmpdir(), `callgate-test-policy-${process.pid}.json`);
    const budget = { points: 100_000, durationSeconds: 60 };
    writeFileSync(path, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: budget, perIp: budget } }));
  }
  return path;
}

/** Path of a JSON policy equal to the built-in one with these budgets (points a minute per caller and per IP). */
export function budgetPolicyFile(perCaller: number, perIp: number): string {
  const file = join(tmpdir(), `callgate-test-policy-${process.pid}-${perCaller}-${perIp}.json`);
  const rule = (points: number) => ({ points, durationSeconds: 60 });
  writeFileSync(file, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: rule(perCaller), perIp: rule(perIp) } }));
  return file;
}
