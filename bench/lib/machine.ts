import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  loadAverage: string;
}

/** What the figures depend on, printed with every result (they only compare within one run). */
export function describeMachine(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: os.cpus() is good enough
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    // The machine's CPUs, not this process's share: the bench pins itself to one of them.
    cpus: os.cpus().length,
    cpuModel,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

export function machineLine(m: MachineInfo): string {
  return `${m.date} · ${m.cpus} CPUs (${m.cpuModel}) · ${m.ramGiB} GiB RAM · Node ${m.node} · load average at start ${m.loadAverage}`;
}
