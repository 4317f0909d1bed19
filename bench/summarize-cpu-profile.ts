/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. `npm run bench -- --cpu-prof <dir>`):
 * self time by package and by function, and total (inclusive) time of the functions that matter,
 * so profile findings in docs/performance.md can be reproduced with one command:
 *
 *   node dist-tools/bench/summarize-cpu-profile.js <file.cpuprofile> [--top 25] [--focus <function name>]
 *
 * `--focus` adds the inclusive time of every callee of the named function (where its time goes).
 * `--skip <s>` leaves out the first seconds of samples (start-up). The "by caller" tables charge time
 * spent in Node's internals and native code (HTTP parsing, crypto, streams, microtasks) to the nearest
 * package or function on the stack that is not Node's own, so a library's cost includes the Node work
 * it causes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@scope/pkg/...` => `@scope/pkg`; our own code => `callgate:<dir>`; node internals => `node:`. */
function packageOf(url: string): string {
  if (url === '') return '(native/vm)';
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const own = /\/dist\/(src\/[^/]+)/.exec(url);
  return own ? `callgate:${own[1]}` : url;
}

function main(): void {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' }, focus: { type: 'string' }, skip: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: summarize-cpu-profile <file.cpuprofile> [--top N]');
  const top = Number(values.top ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const skipUs = Number(values.skip ?? 0) * 1e6;
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs >= skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;

  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${packageOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const focus = values.focus;
  const callees = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byCallerPackage = new Map<string, number>();
  const byCallerFunction = new Map<string, number>();
  const isNodeOwn = (url: string) => url === '' || url.startsWith('node:');
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    if (['(idle)', '(program)'].includes(node.callFrame.functionName)) continue;
    let caller: ProfileNode | undefined;
    for (let cur: number | undefined = id; cur !== undefined && !caller; cur = parent.get(cur)) {
      if (!isNodeOwn(byId.get(cur)!.callFrame.url)) caller = byId.get(cur);
    }
    const gc = node.callFrame.functionName === '(garbage collector)';
    const callerPackage = gc ? '(garbage collector)' : caller ? packageOf(caller.callFrame.url) : `(Node only) ${label(node)}`;
    const callerFunction = gc ? '(garbage collector)' : caller ? label(caller) : `(Node only) ${label(node)}`;
    byCallerPackage.set(callerPackage, (byCallerPackage.get(callerPackage) ?? 0) + us);
    byCallerFunction.set(callerFunction, (byCallerFunction.get(callerFunction) ?? 0) + us);
    const pkg = node.callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(node.callFrame.url);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + us);
    selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + us);
    // Inclusive: charge every distinct frame on the stack once.
    const seen = new Set<string>();
    let below: string | undefined;
    let charged = false;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur)!);
      if (focus && !charged && byId.get(cur)!.callFrame.functionName === focus) {
        callees.set(below ?? '(self)', (callees.get(below ?? '(self)') ?? 0) + us);
        charged = true;
      }
      below = key;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }

  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const print = (title: string, map: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)}  ${key}\n`);
  };
  process.stdout.write(`profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)\n`);
  print('self time by package', selfByPackage);
  print('self time by function', selfByFunction);
  print('by caller package (Node internals charged to the package that called them)', byCallerPackage);
  print('by caller function', byCallerFunction);
  print('total (inclusive) time by function', inclusive);
  if (focus) print(`callees of ${focus} (inclusive, % of busy time)`, callees);
}

main();
