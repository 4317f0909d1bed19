import { readNamedFile, type ReadTextFile } from '../config/read-text-file.js';
import { parsePolicy } from './policy.schema.js';
import type { PolicyDefinition } from './policy.types.js';

/**
 * Reads and checks the policy file POLICY_FILE names. Returns the policy, or every problem found as
 * `POLICY_FILE: <problem>` lines (a JSON path for a schema problem); never the file's content.
 */
export function loadPolicyFile(path: string, readFile: ReadTextFile): { ok: true; policy: PolicyDefinition } | { ok: false; problems: string[] } {
  const read = readNamedFile('POLICY_FILE', path, readFile);
  if ('problem' in read) return { ok: false, problems: [read.problem] };
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    return { ok: false, problems: [`POLICY_FILE: is not valid JSON (${(error as Error).message})`] };
  }
  const parsed = parsePolicy(raw);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => `POLICY_FILE: ${p}`) };
  return { ok: true, policy: parsed.policy };
}
