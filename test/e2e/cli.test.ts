import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { REPO_ROOT } from '../../infra/local/lambda';
import { keys } from '../../shared/dynamo/keys';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, signUp, uniqueEmail } from '../support/users';

const run = promisify(execFile);
const runtime = useLocalRuntime();
const configDir = mkdtempSync(join(tmpdir(), 'evenly-cli-'));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

const cliEnv = (overrides: Record<string, string> = {}) => ({
  ...process.env,
  EVENLY_API_URL: runtime().httpUrl,
  EVENLY_WS_URL: runtime().wsUrl,
  EVENLY_CONFIG_DIR: configDir,
  ...overrides,
});

async function evenlyWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(REPO_ROOT, 'bin/evenly.js'), ...args], {
      cwd: REPO_ROOT,
      env: cliEnv(env),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const evenly = (...args: string[]) => evenlyWith({}, ...args);

/** A long-running `evenly` (watch): its output so far, a wait for text, Ctrl-C and its exit code. */
function startEvenly(env: Record<string, string>, ...args: string[]) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/evenly.js'), ...args], { cwd: REPO_ROOT, env: cliEnv(env) });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    output,
    exited,
    waitFor: (stream: 'stdout' | 'stderr', text: string, count = 1, timeoutMs = 20_000) =>
      eventually(
        () => {
          if (child.exitCode !== null)
            throw new Error(`evenly exited ${child.exitCode} before ${JSON.stringify(text)}: ${JSON.stringify(output)}`);
          return output[stream].split(text).length - 1 >= count;
        },
        `${count} × ${JSON.stringify(text)} on ${stream}`,
        { timeoutMs },
      ),
    interrupt: () => child.kill('SIGINT'),
    kill: () => child.kill('SIGKILL'),
  };
}

/** A config directory holding a copy of the current session, with some of its fields replaced. */
function sessionCopy(changes: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'evenly-cli-session-'));
  cpSync(configDir, dir, { recursive: true });
  const file = join(dir, 'session.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...changes }), { mode: 0o600 });
  return dir;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at /m);

async function signedInWithAccount(balance?: string): Promise<{ userId: string; accountId: string }> {
  const email = uniqueEmail('cli');
  const registered = await evenly('register', '--email', email, '--password', PASSWORD, '--name', 'Cli User', '--json');
  const { id: userId } = JSON.parse(registered.stdout) as { id: string };
  const { id: accountId } = JSON.parse((await evenly('accounts', 'create', '--currency', 'EUR', '--json')).stdout) as { id: string };
  if (balance) expect((await evenly('deposit', accountId, balance, '--wait')).code).toBe(0);
  return { userId, accountId };
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

  it.each([
    [['accounts', 'list', '--limt', '5'], 'unknown option --limt', 'Usage: evenly accounts list'],
    [['login', '--email'], '--email needs a value', 'Usage: evenly login'],
    [['withdraw', '01ACCOUNT', '-5'], '-5 is negative', 'Usage: evenly withdraw'],
  ])('refuses the command line %j with one line and a usage hint, without a stack trace', async (args, message, hint) => {
    const result = await evenly(...args);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    noStackTrace(result.stderr);
  });

  it('answers --help for one command with its own arguments and options', async () => {
    const result = await evenly('deposit', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: evenly deposit <accountId> <amount> \[--wait\]/);
    expect(result.stdout).toContain('--wait');
    expect(result.stdout).not.toContain('--email');
  });

  it('runs as npx evenly from the installed bin link, without npm resolving the root package', async () => {
    // A bin on the root package would make npx load the whole installed tree before every call.
    const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin?: unknown };
    expect(rootPackage.bin).toBeUndefined();
    const { stdout } = await run('npx', ['--no-install', 'evenly', 'deposit', '--help'], { cwd: REPO_ROOT, env: cliEnv() });
    expect(stdout).toMatch(/^Usage: evenly deposit <accountId> <amount> \[--wait\]/);
  });

  it('refuses an option another command takes and an argument too many', async () => {
    const option = await evenly('whoami', '--email', 'x@example.com');
    expect(option.code).toBe(1);
    expect(option.stderr).toContain('unknown option --email');
    const extra = await evenly('accounts', 'show', 'a', 'b');
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain('too many arguments');
    expect(extra.stderr).toContain('Usage: evenly accounts show <accountId>');
  });

  it('hints at evenly login when the API answers 401', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'evenly-cli-none-'));
    try {
      const result = await evenlyWith({ EVENLY_CONFIG_DIR: empty }, 'whoami');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Error 401');
      expect(result.stderr).toContain('evenly login');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('exits 3 and still prints the transfer when --wait ends FAILED', async () => {
    const { accountId } = await signedInWithAccount();
    const json = await evenly('withdraw', accountId, '5.00', '--wait', '--json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      kind: 'withdrawal',
      status: 'FAILED',
      failureReason: 'INSUFFICIENT_FUNDS',
      amount: '5.00',
    });
    const human = await evenly('withdraw', accountId, '5.00', '--wait');
    expect(human.code).toBe(3);
    expect(human.stdout).toContain('FAILED (INSUFFICIENT_FUNDS)');
  });

  it('reconciles a table straight from DynamoDB: exit 0 and the totals when the books balance, 3 and the violation when not', async () => {
    const args = ['admin', 'reconcile', '--table', runtime().tables.main as string, '--endpoint', runtime().dynamoEndpoint];
    const clean = await evenly(...args, '--json');
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ passed: true, complete: true });
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().dynamoEndpoint }));
    await db.send(
      new PutCommand({ TableName: runtime().tables.main, Item: { ...keys.worldShard('CHF', 0), currency: 'CHF', balance: 1 } }),
    );
    const corrupted = await evenly(...args);
    expect(corrupted.code).toBe(3);
    expect(corrupted.stdout).toMatch(/The books do NOT pass[\s\S]*CURRENCY_IMBALANCE {2}CHF/);
  });

  it('shows a transfer by id', async () => {
    const { accountId } = await signedInWithAccount();
    const deposit = JSON.parse((await evenly('deposit', accountId, '3.00', '--wait', '--json')).stdout) as { id: string };
    const shown = await evenly('transfers', 'show', deposit.id, '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: deposit.id, kind: 'deposit', status: 'COMPLETED', amount: '3.00' });
  });

  it('splits expenses exactly, by percent and by shares, then settles the debt', async () => {
    const { userId: me, accountId: myAccount } = await signedInWithAccount('20.00');
    const bea = await signUp(runtime().httpUrl, 'Bea');
    const beaAccount = await bea.client.createAccount({ currency: 'EUR' });
    const group = JSON.parse((await evenly('groups', 'create', '--name', 'Trip', '--currency', 'EUR', '--json')).stdout) as { id: string };
    expect((await evenly('groups', 'add-member', group.id, '--email', bea.session.user.email)).code).toBe(0);
    const beaId = bea.session.user.id;
    const add = (amount: string, split: string, values: [string, string]) =>
      evenly(
        'expenses',
        'add',
        group.id,
        '--description',
        split,
        '--amount',
        amount,
        '--paid-by',
        beaId,
        '--split',
        split,
        '--with',
        `${me}=${values[0]},${beaId}=${values[1]}`,
        '--wait',
        '--json',
      );

    for (const [amount, split, values, myShare] of [
      ['12.00', 'exact', ['4.00', '8.00'], '4.00'],
      ['10.00', 'percent', ['25', '75'], '2.50'],
      ['9.00', 'shares', ['1', '2'], '3.00'],
    ] as const) {
      const result = await add(amount, split, [...values]);
      expect(result.code, result.stderr).toBe(0);
      const expense = JSON.parse(result.stdout) as { status: string; shares: { userId: string; amount: string }[] };
      expect(expense.status).toBe('COMPLETED');
      expect(expense.shares).toContainEqual({ userId: me, amount: myShare });
    }

    const settled = await evenly(
      'settle',
      group.id,
      beaId,
      '9.50',
      '--account',
      myAccount,
      '--to-account',
      beaAccount.id,
      '--wait',
      '--json',
    );
    expect(settled.code, settled.stderr).toBe(0);
    expect(JSON.parse(settled.stdout)).toMatchObject({ status: 'COMPLETED', amount: '9.50', toUserId: beaId });
    const balances = JSON.parse((await evenly('balances', group.id, '--json')).stdout) as { balances: { net: string }[] };
    expect(balances.balances.map((b) => b.net)).toEqual(['0.00', '0.00']);
  });

  it('sets up a monthly expense, lists it and stops it', async () => {
    const { userId: me } = await signedInWithAccount();
    const group = JSON.parse((await evenly('groups', 'create', '--name', 'Flat', '--currency', 'EUR', '--json')).stdout) as { id: string };
    const startsOn = new Date().toISOString().slice(0, 10);
    const added = await evenly(
      'recurring',
      'add',
      group.id,
      '--every',
      'month',
      '--starts',
      startsOn,
      '--description',
      'Rent',
      '--amount',
      '700.00',
      '--paid-by',
      me,
      '--with',
      me,
      '--json',
    );
    expect(added.code, added.stderr).toBe(0);
    const recurring = JSON.parse(added.stdout) as { id: string; status: string; nextOn: string };
    expect(recurring).toMatchObject({ status: 'ACTIVE', nextOn: startsOn });
    const listed = await evenly('recurring', 'list', group.id);
    expect(listed.stdout).toContain(`${recurring.id}  ACTIVE  every month from ${startsOn}`);
    expect((await evenly('recurring', 'stop', group.id, recurring.id)).code).toBe(0);
    expect((await evenly('recurring', 'list', group.id)).stdout).toContain(`${recurring.id}  STOPPED`);
    const wrong = await evenly('recurring', 'add', group.id, '--every', 'fortnight', '--starts', startsOn);
    expect([wrong.code, wrong.stderr]).toEqual([expect.any(Number), expect.stringContaining('--every: week, month or year')]);
    expect(wrong.code).not.toBe(0);
  });

  it('refuses a split without a value for everyone before calling the API', async () => {
    const result = await evenly(
      'expenses',
      'add',
      '01GROUP',
      '--description',
      'D',
      '--amount',
      '1.00',
      '--paid-by',
      'u1',
      '--split',
      'exact',
      '--with',
      'u1=1.00,u2',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('needs userId=value for everyone');
  });

  it.each([
    ['a gateway message', 'application/json', '{"message":"Internal server error"}', 'Error 502: Internal server error'],
    ['an HTML page', 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>', 'Error 502: Bad Gateway'],
  ])('prints the status and a readable message when an error body is %s', async (_what, contentType, body, expected) => {
    const stub = createServer((_req, res) => res.writeHead(502, { 'content-type': contentType }).end(body));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = stub.address() as AddressInfo;
      const result = await evenlyWith({ EVENLY_API_URL: `http://127.0.0.1:${port}` }, 'accounts', 'list');
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(expected);
    } finally {
      await new Promise((resolve) => stub.close(resolve));
    }
  });

  describe('watch', () => {
    it('refreshes an expired access token, subscribes, and stops with 0 on Ctrl-C', async () => {
      await signedInWithAccount();
      const dir = sessionCopy({ accessToken: 'expired' });
      const before = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { refreshToken: string };
      const watch = startEvenly({ EVENLY_CONFIG_DIR: dir }, 'watch', 'user:me', '--json');
      try {
        await watch.waitFor('stdout', '"type":"subscribed"');
        watch.interrupt();
        expect(await watch.exited).toBe(0);
        const after = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { refreshToken: string };
        expect(after.refreshToken).not.toBe(before.refreshToken);
      } finally {
        watch.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('exits non-zero at once when the session cannot be refreshed', async () => {
      await signedInWithAccount();
      const dir = sessionCopy({ accessToken: 'expired', refreshToken: 'revoked' });
      const watch = startEvenly({ EVENLY_CONFIG_DIR: dir }, 'watch', 'user:me');
      try {
        expect(await watch.exited).toBe(1);
        expect(watch.output.stderr).toContain('sign in again');
        noStackTrace(watch.output.stderr);
      } finally {
        watch.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('exits 1 when the server accepts none of the topics', async () => {
      await signedInWithAccount();
      const dir = sessionCopy();
      const watch = startEvenly({ EVENLY_CONFIG_DIR: dir }, 'watch', 'account:01NOTYOURS0000000000000000');
      try {
        expect(await watch.exited).toBe(1);
        expect(watch.output.stdout).toContain('"status":403');
        expect(watch.output.stderr).toContain('no topic was accepted');
        noStackTrace(watch.output.stderr);
      } finally {
        watch.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('reconnects and subscribes again when the connection drops', async () => {
      await signedInWithAccount();
      const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      await new Promise((resolve) => server.once('listening', resolve));
      let connections = 0;
      server.on('connection', (socket) => {
        connections += 1;
        const first = connections === 1;
        socket.on('message', (data) => {
          const { topics } = JSON.parse(data.toString()) as { topics: string[] };
          // Dropped once the answer is on its way: the client reads it, then sees the connection end.
          socket.send(JSON.stringify({ type: 'subscribed', topics }), () => {
            if (first) socket.terminate();
          });
        });
      });
      const dir = sessionCopy();
      const { port } = server.address() as AddressInfo;
      const watch = startEvenly({ EVENLY_CONFIG_DIR: dir, EVENLY_WS_URL: `ws://127.0.0.1:${port}` }, 'watch', 'user:me', '--json');
      try {
        await watch.waitFor('stdout', '"type":"subscribed"', 2);
        expect(watch.output.stderr).toContain('Reconnected');
        watch.interrupt();
        expect(await watch.exited).toBe(0);
      } finally {
        watch.kill();
        rmSync(dir, { recursive: true, force: true });
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});

describe('evenly and the trust routes', () => {
  it('signs and sends a webhook deposit that credits once per event id, and refuses a wrong secret', async () => {
    const email = uniqueEmail('hook');
    expect((await evenly('register', '--email', email, '--password', PASSWORD, '--name', 'Hook')).code).toBe(0);
    const account = JSON.parse((await evenly('accounts', 'create', '--currency', 'EUR', '--json')).stdout) as { id: string };
    const first = await evenly('webhook', 'deposit', account.id, '12.50', '--id', 'evt_cli_1', '--wait');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('COMPLETED 12.50 EUR');
    expect((await evenly('webhook', 'deposit', account.id, '12.50', '--id', 'evt_cli_1')).code).toBe(0);
    const forged = await evenlyWith({ DEPOSIT_WEBHOOK_SECRET: 'not-the-secret' }, 'webhook', 'deposit', account.id, '1.00');
    expect(forged.code).not.toBe(0);
    expect(forged.stderr).toContain('401');
    expect((await evenly('accounts', 'show', account.id)).stdout).toContain('12.50 EUR');
  });

  it('reads the local mailbox and verifies the email with the code it holds', async () => {
    const email = uniqueEmail('mail');
    expect((await evenly('register', '--email', email, '--password', PASSWORD, '--name', 'Mail')).code).toBe(0);
    let code: string | undefined;
    await eventually(async () => {
      const mailbox = JSON.parse((await evenly('mailbox', '--json')).stdout) as { items: { subject: string }[] };
      code = /\d{6}/.exec(mailbox.items[0]?.subject ?? '')?.[0];
      return code !== undefined;
    }, 'the verification mail in the mailbox');
    const verified = await evenly('verify-email', code as string);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`${email} is verified`);
  });
});
