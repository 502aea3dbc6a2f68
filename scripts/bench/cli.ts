/**
 * How fast `evenly` answers: `npx evenly --help` as a user types it, the same built
 * JavaScript without npx's own start, and the way it ran before (TypeScript compiled by
 * tsx on every call), measured one after the other in the same run.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../../infra/local/lambda';

/** A call that takes longer than this is a hang, not a figure. */
const CALL_TIMEOUT_MS = 30_000;

export interface StartTime {
  readonly median: number;
  readonly slowest: number;
  readonly runs: number;
}

export interface CliFigures {
  /** `npx evenly --help`: npm's own start plus the CLI's. */
  readonly npx: StartTime;
  /** `node bin/evenly.js --help`: the built CLI alone. */
  readonly node: StartTime;
  /** `tsx cli/main.ts --help`: how every call ran before the CLI was built. */
  readonly tsx: StartTime;
}

function timed(command: string, args: string[], runs: number): StartTime {
  const call = () => {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: CALL_TIMEOUT_MS });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return performance.now() - started;
  };
  call(); // a first call builds what is stale and fills the file cache; it is not counted
  const times = Array.from({ length: runs }, call).sort((a, b) => a - b);
  return { median: Math.round(times[Math.floor(times.length / 2)] ?? 0), slowest: Math.round(times.at(-1) ?? 0), runs };
}

export function measureCli(runs: number): CliFigures {
  return {
    npx: timed('npx', ['evenly', '--help'], runs),
    node: timed(process.execPath, [join(REPO_ROOT, 'bin', 'evenly.js'), '--help'], runs),
    tsx: timed(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['cli/main.ts', '--help'], runs),
  };
}

/** The bench table's rows for the CLI. */
export function cliRows(figures: CliFigures): [string, string, string][] {
  return [
    ['npx evenly --help ms (goal < 1000)', String(figures.npx.median), figures.npx.slowest < 1000 ? 'ok' : 'above goal'],
    ['node bin/evenly.js --help ms', String(figures.node.median), ''],
    ['before: tsx cli/main.ts --help ms', String(figures.tsx.median), ''],
  ];
}

/** The report's section: the three ways side by side. */
export function cliSection(figures: CliFigures): string[] {
  return [
    '## CLI start: `--help`, median and slowest',
    '',
    '| how | median ms | slowest ms | runs |',
    '| --- | ---: | ---: | ---: |',
    ...(
      [
        ['`npx evenly --help` (built JavaScript, through npx)', figures.npx],
        ['`node bin/evenly.js --help` (built JavaScript)', figures.node],
        ['`tsx cli/main.ts --help` (before: compiled on every call)', figures.tsx],
      ] as const
    ).map(([how, t]) => `| ${how} | ${t.median} | ${t.slowest} | ${t.runs} |`),
    '',
  ];
}
