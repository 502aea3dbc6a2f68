import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/lambda';
import { isAlive } from '../../support/processes';

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return condition();
}

describe.skipIf(process.platform === 'win32')('DynamoDB Local lifecycle', () => {
  it('exits when the process that started it is killed without a chance to clean up (SIGKILL)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/support/dynamo-child.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    let javaPid: number | undefined;
    try {
      expect(await waitUntil(() => /java \d+/.test(output) || child.exitCode !== null, 30_000)).toBe(true);
      javaPid = Number(/java (\d+)/.exec(output)?.[1]);
      expect(isAlive(javaPid)).toBe(true);
      child.kill('SIGKILL');
      expect(await waitUntil(() => !isAlive(javaPid as number), 10_000), `DynamoDB Local ${javaPid} outlived its parent`).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (javaPid && isAlive(javaPid)) process.kill(javaPid, 'SIGKILL');
    }
  });
});
