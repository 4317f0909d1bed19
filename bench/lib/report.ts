import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A GitHub-flavoured Markdown table; numbers are expected pre-formatted. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = {
  rps: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-'),
  us: (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '-'),
  ratio: (n: number) => `${n.toFixed(2)}x`,
  mib: (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`,
  verdict: (met: boolean) => (met ? '**met**' : '**not met**'),
};

/**
 * Replaces the text between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` in a
 * Markdown file (the benchmark's generated sections), or appends the section when it is missing.
 * Everything outside the markers is left as written by hand.
 */
export function writeSection(file: string, name: string, content: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${content.trim()}\n${end}`;
  const document = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n';
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  const next =
    from >= 0 && to > from
      ? document.slice(0, from) + block + document.slice(to + end.length)
      : `${document.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
