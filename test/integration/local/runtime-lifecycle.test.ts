/**
 * How the runtime ends. Without its database: when DynamoDB Local dies under it, it says
 * so and stops, rather than answering every write with 500. Through npm: a SIGTERM sent to
 * `npm start` itself (as a process manager or CI sends it) stops everything behind it.
 * Each test starts its own DynamoDB Local (not the run's shared one).
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/lambda';
import { randomPrefix, startLocalRuntime } from '../../../infra/local/runtime';
import { eventually } from '../../support/eventually';
import { isAlive } from '../../support/processes';

/** Every process below `pid`, children first found first. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** `npm start`'s runtime on ports from the OS with its own DynamoDB Local, its output collected. */
function startRuntime(command: string, args: string[]) {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: '', PORT: '0', WS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

const UNEXPECTED_EXIT = /DynamoDB Local \(pid \d+\) exited unexpectedly with signal SIGKILL/;

describe.skipIf(process.platform === 'win32')('the local runtime when DynamoDB Local dies', () => {
  it('stops every piece and rejects `ended` with the reason', async () => {
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    const runtime = await startLocalRuntime({ port: 0, wsPort: 0, tablePrefix: randomPrefix(), quiet: true });
    const javaPid = runtime.dynamoPid as number;
    try {
      expect((await fetch(`${runtime.httpUrl}/health`)).status).toBe(200);
      process.kill(javaPid, 'SIGKILL');
      await expect(runtime.ended).rejects.toThrow(UNEXPECTED_EXIT);
      await expect(fetch(`${runtime.httpUrl}/health`)).rejects.toThrow();
      await expect(runtime.stop()).resolves.toBeUndefined();
    } finally {
      await runtime.stop();
      if (isAlive(javaPid)) process.kill(javaPid, 'SIGKILL');
    }
  });

  it('makes `npm start` say so and exit with code 1', async () => {
    const { child, output, exited } = startRuntime(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/local/main.ts')]);
    let javaPid: number | undefined;
    try {
      await eventually(() => output.stdout.includes('HTTP: ') || child.exitCode !== null, 'the runtime to print its URLs, or to exit', {
        timeoutMs: 60_000,
      });
      javaPid = Number(execFileSync('pgrep', ['-P', String(child.pid), '-x', 'java'], { encoding: 'utf8' }).trim());
      expect(isAlive(javaPid)).toBe(true);
      process.kill(javaPid, 'SIGKILL');
      expect(await exited).toBe(1);
      expect(output.stderr).toMatch(UNEXPECTED_EXIT);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (javaPid && isAlive(javaPid)) process.kill(javaPid, 'SIGKILL');
    }
  });
});

describe.skipIf(process.platform === 'win32')('npm start under a process manager', () => {
  it('stops the runtime and DynamoDB Local when npm itself is sent SIGTERM', async () => {
    // Under `npm test`, npm says where it is; run by hand, the one on the PATH.
    const npm = process.env.npm_execpath;
    const [command, args] = npm?.endsWith('.js') ? [process.execPath, [npm, 'start']] : ['npm', ['start']];
    const { child, output, exited } = startRuntime(command, args);
    let started: number[] = [];
    try {
      await eventually(() => output.stdout.includes('HTTP: ') || child.exitCode !== null, 'the runtime to print its URLs, or to exit', {
        timeoutMs: 60_000,
      });
      started = descendants(child.pid as number);
      const java = execFileSync('ps', ['-o', 'comm=', '-p', started.join(',')], { encoding: 'utf8' });
      expect(java).toMatch(/java/);
      child.kill('SIGTERM');
      await exited;
      await eventually(() => started.every((pid) => !isAlive(pid)), `every process it started (${started.join(', ')}) to end`, {
        timeoutMs: 15_000,
      });
      expect(output.stdout).toContain('SIGTERM received, stopping');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
