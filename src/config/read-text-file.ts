import { readFileSync } from 'node:fs';

/** Reads a file as UTF-8 text; injectable so tests can hand in content without touching the disk. */
export type ReadTextFile = (path: string) => string;

export const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

/**
 * Reads the file a variable names. Returns the text, or `<NAME>: cannot be read (<errno code>)` as a
 * problem (never the path's content or the error's message, which may quote it).
 */
export function readNamedFile(name: string, path: string, readFile: ReadTextFile): { text: string } | { problem: string } {
  try {
    return { text: readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    return { problem: `${name}: cannot be read${code ? ` (${code})` : ''}` };
  }
}
