/** The TypeScript files under a folder, read once, for tests that check the source text itself. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SourceFile {
  /** Path relative to the folder searched, e.g. `config/load-config.ts`. */
  path: string;
  absolute: string;
  text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export function readSourceFiles(dir: string): SourceFile[] {
  return walk(dir).map((absolute) => ({ path: relative(dir, absolute), absolute, text: readFileSync(absolute, 'utf8') }));
}
