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
