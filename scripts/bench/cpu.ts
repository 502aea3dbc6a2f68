/**
 * CPU time on both sides of the local pipeline: this Node process (the local runtime, every
 * handler and the load generator) and DynamoDB Local's JVM. Per operation, the two show which
 * side a throughput limit comes from. The JVM's time is read from /proc, so on systems
 * without it (macOS, Windows) only the Node side is reported.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CpuReading {
  readonly nodeMs: number;
  /** undefined where the engine's CPU time cannot be read. */
  readonly engineMs: number | undefined;
}

export interface CpuPerOperation {
  readonly nodeMs: number;
  readonly engineMs: number | null;
}

/** utime + stime, in clock ticks, from the text of `/proc/<pid>/stat`. */
export function ticksFromStat(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so utime (field 14) and stime (field 15) are at 11 and 12.
  return Number(fields[11]) + Number(fields[12]);
}

function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

export function cpuClock(enginePid: number | undefined): () => CpuReading {
  const msPerTick = 1000 / ticksPerSecond();
  const engineMs = (): number | undefined => {
    if (enginePid === undefined) return undefined;
    try {
      return ticksFromStat(readFileSync(`/proc/${enginePid}/stat`, 'utf8')) * msPerTick;
    } catch {
      return undefined;
    }
  };
  return () => {
    const usage = process.cpuUsage();
    return { nodeMs: (usage.user + usage.system) / 1000, engineMs: engineMs() };
  };
}

/** CPU per operation between two readings, rounded to 0.1 ms. */
export function perOperation(before: CpuReading, after: CpuReading, operations: number): CpuPerOperation {
  const round = (ms: number) => Math.round((ms / Math.max(1, operations)) * 10) / 10;
  return {
    nodeMs: round(after.nodeMs - before.nodeMs),
    engineMs: before.engineMs === undefined || after.engineMs === undefined ? null : round(after.engineMs - before.engineMs),
  };
}
