// The machine line that every absolute figure carries.
import os from 'node:os';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  os: string;
  line: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  const cores = cpus.length;
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = Math.round((os.totalmem() / 2 ** 30) * 10) / 10;
  const node = process.version;
  const system = `${os.type()} ${os.release()}`;
  return { cores, cpu, memoryGiB, node, os: system, line: `${cores} cores, ${cpu}, ${memoryGiB} GiB, Node ${node}, ${system}` };
}
