/**
 * The README's "Typed clients in your own app" config works as printed: it is run by graphql-codegen
 * in a scratch app outside this repository (the gateway's schema.graphql copied to ./callgate/, one of
 * the example operations under src/), and the generated types map DateTimeISO to string.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const ROOT = new URL('../../', import.meta.url).pathname;

function readmeCodegenConfig(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Typed clients in your own app'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no yaml block under "Typed clients in your own app"');
  return block[1];
}

describe('README: typed clients in your own app', () => {
  const app = mkdtempSync(join(tmpdir(), 'callgate-client-'));
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('generates a typed client from the copied schema with DateTimeISO as string', () => {
    const config = readmeCodegenConfig();
    expect(config).toMatch(/DateTimeISO: string/);
    writeFileSync(join(app, 'codegen.yml'), config);
    mkdirSync(join(app, 'callgate'));
    cpSync(join(ROOT, 'schema.graphql'), join(app, 'callgate', 'schema.graphql'));
    mkdirSync(join(app, 'src'));
    cpSync(join(ROOT, 'client', 'operations', 'livekit.graphql'), join(app, 'src', 'livekit.graphql'));
    // The app's own dev dependencies; here the gateway's, which include the same codegen packages.
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');

    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', '.bin', 'graphql-codegen'), '--config', 'codegen.yml'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', CI: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([run.status, run.stderr]).toEqual([0, expect.any(String)]);
    const generated = readFileSync(join(app, 'src', 'gql', 'graphql.ts'), 'utf8');
    // issueLivekitToken's expiresAt is a DateTimeISO; unmapped it would come out as `unknown`.
    expect(generated).toMatch(/export type IssueLivekitTokenMutation = \{[^\n]*expiresAt: string[,}]/);
  }, 90_000);
});
