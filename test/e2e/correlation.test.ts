/**
 * One command can be followed through the logs: every line written for a transfer, from the
 * HTTP request that accepts it, through its steps on the account queues, to the push of its
 * outcome, carries the transfer id as `correlation_id`.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { useLocalAwsEnv } from '../support/env';
import { eventually } from '../support/eventually';
import { signUp } from '../support/users';
import { openSocket } from '../support/ws-client';

const lines: string[] = [];
let runtime: LocalRuntime | undefined;

beforeAll(async () => {
  // The logger reads its level when it is made: set before anything of the project loads it.
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  // Under the local runtime (POWERTOOLS_DEV) the logger writes indented JSON through the global console.
  for (const method of ['debug', 'info', 'warn', 'error', 'log'] as const) {
    vi.spyOn(console, method).mockImplementation((line?: unknown, ..._rest: unknown[]) => {
      lines.push(String(line));
    });
  }
  useLocalAwsEnv();
  const { randomPrefix, startLocalRuntime } = await import('../../infra/local/runtime');
  runtime = await startLocalRuntime({
    port: 0,
    wsPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: randomPrefix(),
    quiet: true,
    env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
  });
});

afterAll(async () => {
  await runtime?.stop();
  vi.restoreAllMocks();
});

const logged = (): Record<string, unknown>[] =>
  lines
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

describe('following one command through the logs', () => {
  it('tags the lines of a transfer’s request, steps and push with its id, with none of another command’s', async () => {
    const { httpUrl, wsUrl } = runtime as LocalRuntime;
    const { client, session } = await signUp(httpUrl, 'Payer');
    const from = await client.createAccount({ currency: 'EUR' });
    const to = await client.createAccount({ currency: 'EUR' });
    const deposit = await client.settled(await client.deposit(from.id, '5.00'));
    const socket = await openSocket(wsUrl, session.accessToken);
    try {
      socket.send({ action: 'subscribe', topics: [`account:${to.id}`] });
      await socket.waitFor((m) => m.type === 'subscribed');
      const transfer = await client.transfer({ fromAccountId: from.id, toAccountId: to.id, amount: '2.00', currency: 'EUR' });
      await socket.waitFor((m) => m.type === 'event' && (m.event as { type?: string }).type === 'TransferCompleted');

      // The push reaches the socket before the fan-out writes its line about it.
      const mine = () => logged().filter((l) => l.correlation_id === transfer.id);
      await eventually(() => mine().some((l) => l.message === 'fan-out done'), 'the fan-out line of the transfer');
      expect(mine().map((l) => l.message)).toEqual(expect.arrayContaining(['command accepted', 'step applied', 'fan-out done']));
      // Two steps (debit, credit), each applied once.
      expect(mine().filter((l) => l.message === 'step applied')).toHaveLength(2);
      // The deposit before it has lines of its own, under its own id.
      expect(logged().filter((l) => l.correlation_id === deposit.id && l.message === 'command accepted')).toHaveLength(1);
    } finally {
      await socket.close();
    }
  });
});
