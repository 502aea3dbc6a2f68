import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/lambda';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, uniqueEmail } from '../support/users';

const run = promisify(execFile);
const runtime = useLocalRuntime();
const configDir = mkdtempSync(join(tmpdir(), 'evenly-cli-'));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

async function evenly(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(REPO_ROOT, 'bin/evenly.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, EVENLY_API_URL: runtime().httpUrl, EVENLY_WS_URL: runtime().wsUrl, EVENLY_CONFIG_DIR: configDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the evenly CLI', () => {
  it('registers, opens an account, deposits with --wait and shows the balance', async () => {
    const email = uniqueEmail('cli');
    const registered = await evenly('register', '--email', email, '--password', PASSWORD, '--name', 'Cli User', '--json');
    expect(registered.code).toBe(0);
    expect(JSON.parse(registered.stdout)).toMatchObject({ email, name: 'Cli User' });
    expect(statSync(join(configDir, 'session.json')).mode & 0o777).toBe(0o600);

    expect(JSON.parse((await evenly('whoami', '--json')).stdout)).toMatchObject({ email });
    const account = JSON.parse((await evenly('accounts', 'create', '--currency', 'EUR', '--json')).stdout) as { id: string };
    const deposit = await evenly('deposit', account.id, '25.00', '--wait', '--json');
    expect(deposit.code).toBe(0);
    expect(JSON.parse(deposit.stdout)).toMatchObject({ status: 'COMPLETED', amount: '25.00' });
    expect(JSON.parse((await evenly('accounts', 'show', account.id, '--json')).stdout)).toMatchObject({ balance: '25.00' });
    expect((await evenly('accounts', 'list')).stdout).toContain(account.id);
  });

  it('prints the problem detail and exits non-zero on an error', async () => {
    await evenly('register', '--email', uniqueEmail('cli'), '--password', PASSWORD, '--name', 'E');
    const account = JSON.parse((await evenly('accounts', 'create', '--currency', 'EUR', '--json')).stdout) as { id: string };
    const result = await evenly('deposit', account.id, '1.234');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('validation-error');
    expect(result.stderr).toContain('amount');
  });

  it('exits non-zero with usage for an unknown command', async () => {
    const result = await evenly('fly');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('Usage: evenly');
  });
});
