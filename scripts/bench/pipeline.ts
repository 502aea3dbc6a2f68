/**
 * Throughput and latency on one local runtime: the engine's own limit (raw
 * TransactWriteItems with the transfer processor's item shapes and concurrency), then
 * completed transfers per second through the whole pipeline, then POST → WebSocket
 * push latency at a steady moderate rate.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { FIFO_BATCHES_IN_FLIGHT } from '../../infra/local/pollers';
import { manifest, type QueueSpec } from '../../manifest/manifest';
import { EvenlyClient } from '../../shared/client/evenly-client';
import { batchWriteAll, MAX_BATCH_WRITE_REQUESTS } from '../../shared/dynamo/batch-write';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { type TransactItem, transactWrite } from '../../shared/dynamo/transact';
import { openSocket } from '../../test/support/ws-client';

/**
 * How many transfers the processor can run at once locally: FIFO_BATCHES_IN_FLIGHT batches
 * at a time, and a batch's message groups (at most one record each from fauxqs) run
 * concurrently.
 */
export const PROCESSOR_CONCURRENCY = FIFO_BATCHES_IN_FLIGHT * (manifest.queues.find((q) => q.name === 'accounts') as QueueSpec).batchSize;

export interface Funded {
  readonly client: EvenlyClient;
  readonly token: string;
  readonly accounts: string[];
}

export async function fundAccounts(baseUrl: string, count: number): Promise<Funded> {
  const anonymous = new EvenlyClient({ baseUrl });
  const session = await anonymous.register({
    email: `bench-${randomUUID().slice(0, 8)}@example.com`,
    password: 'bench password 1',
    name: 'Bench',
  });
  const client = anonymous.withToken(session.accessToken);
  const accounts = await Promise.all(Array.from({ length: count }, () => client.createAccount({ currency: 'EUR' })));
  const deposits = await Promise.all(accounts.map((a) => client.deposit(a.id, '100000.00')));
  await Promise.all(deposits.map((d) => client.settled(d, 120_000)));
  return { client, token: session.accessToken, accounts: accounts.map((a) => a.id) };
}

/** PENDING transfer records are written a full BatchWriteItem at a time, so the raw loop is nearly all transactions. */
const PENDING_CHUNK = MAX_BATCH_WRITE_REQUESTS;

interface RawLeg {
  readonly id: string;
  readonly version: number;
  readonly balance: bigint;
  readonly amount: bigint;
  readonly counterparty: string;
}

/**
 * The engine's limit is one atomic double-entry transaction, as a single-writer-free ledger would
 * write it: the transfer's status, both accounts conditioned on their versions (and funds), and an
 * entry each. The pipeline does more (its saga writes each account in its own step), and is
 * measured against this.
 */
function rawTransferItems(table: string, transferId: string, at: string, legs: readonly RawLeg[]): TransactItem[] {
  return [
    {
      Update: {
        TableName: table,
        Key: keys.transfer(transferId),
        UpdateExpression: 'SET #status = :done, completedAt = :at',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'COMPLETED', ':pending': 'PENDING', ':at': at },
      },
    },
    ...legs.flatMap((leg): TransactItem[] => [
      {
        Update: {
          TableName: table,
          Key: keys.account(leg.id),
          UpdateExpression: 'SET balance = :after, version = :next',
          ConditionExpression: `version = :v AND currency = :c AND #status = :open${leg.amount < 0n ? ' AND balance >= :debit' : ''}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':after': leg.balance + leg.amount,
            ':next': leg.version + 1,
            ':v': leg.version,
            ':c': 'EUR',
            ':open': 'OPEN',
            ...(leg.amount < 0n ? { ':debit': -leg.amount } : {}),
          },
        },
      },
      {
        Put: {
          TableName: table,
          Item: {
            ...keys.accountEvent(leg.id, leg.version + 1),
            seq: leg.version + 1,
            type: leg.amount < 0n ? 'Debited' : 'Credited',
            kind: 'transfer',
            transferId,
            accountId: leg.id,
            amount: leg.amount,
            balanceAfter: leg.balance + leg.amount,
            currency: 'EUR',
            counterpartyAccountId: leg.counterparty,
            occurredAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]),
  ];
}

/** Writes `count` PENDING transfer records; returns their ids. */
async function putPendingTransfers(table: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await batchWriteAll(
    table,
    ids.map((id) => ({ PutRequest: { Item: { ...keys.transfer(id), id, status: 'PENDING' } } })),
  );
  return ids;
}

/**
 * Raw engine limit: the processor's very transaction at the processor's concurrency. Each
 * needs a PENDING record to complete; those are written 25 to a BatchWriteItem as the loop
 * goes, so nearly all the engine's work in the window is TransactWriteItems.
 */
export async function rawTransacts(durationMs: number): Promise<{ perSecond: number; transactions: number }> {
  const table = mainTableName();
  const pairs = await Promise.all(
    Array.from({ length: PROCESSOR_CONCURRENCY }, async () => {
      const ids = [randomUUID(), randomUUID()];
      for (const id of ids) {
        await documentClient.send(
          new PutCommand({
            TableName: table,
            Item: { ...keys.account(id), id, ownerId: 'bench', currency: 'EUR', balance: 10n ** 12n, version: 0, status: 'OPEN' },
          }),
        );
      }
      return { ids, version: 0, balances: [10n ** 12n, 10n ** 12n] };
    }),
  );
  let done = 0;
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  const leftovers = await Promise.all(
    pairs.map(async (pair) => {
      const pending: string[] = [];
      while (performance.now() < deadline) {
        if (pending.length === 0) pending.push(...(await putPendingTransfers(table, PENDING_CHUNK)));
        const transferId = pending.pop() as string;
        const at = new Date().toISOString();
        const [from, to] = pair.ids as [string, string];
        const items = rawTransferItems(table, transferId, at, [
          { id: from, version: pair.version, balance: pair.balances[0] as bigint, amount: -1n, counterparty: to },
          { id: to, version: pair.version, balance: pair.balances[1] as bigint, amount: 1n, counterparty: from },
        ]);
        const outcome = await transactWrite(items);
        if (!outcome.ok) throw new Error('raw benchmark transaction was cancelled');
        pair.version += 1;
        pair.balances = [(pair.balances[0] as bigint) - 1n, (pair.balances[1] as bigint) + 1n];
        done += 1;
      }
      return pending;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Unused records go, after the clock, so repeated windows do not grow the table the pipeline uses.
  await batchWriteAll(
    table,
    leftovers.flat().map((id) => ({ DeleteRequest: { Key: keys.transfer(id) } })),
  );
  return { perSecond: done / seconds, transactions: done };
}

/**
 * DynamoDB Local is a JVM: its throughput climbs for half a minute or more as the JIT
 * warms up (raw transactions went 29 → 46 → 65 → 91 → 102/s in successive 6 s windows).
 * The pipeline climbs too, on its own request kinds and in Node's JIT (55 → 82 → 104 → 115/s
 * over its first 2,000 transfers). Measuring either side cold would compare unequal engines,
 * so both are warmed the same way: raw transactions, then transfers through the whole
 * pipeline, each for at least its `minMs` and then until two successive windows agree within
 * 10 % (at most its `maxMs`).
 */
export interface WarmUp {
  readonly raw: Duration;
  readonly pipeline: Duration;
  /** One raw window's length, and one pipeline window's transfers. */
  readonly windowMs: number;
  readonly transfers: number;
}
interface Duration {
  readonly minMs: number;
  readonly maxMs: number;
}

export async function warmUp(funded: Funded, options: WarmUp, completed: () => number, progress: (line: string) => void): Promise<void> {
  await untilSteady(
    options.raw,
    async () => (await rawTransacts(options.windowMs)).perSecond,
    (rate) => progress(`  warm-up: ${Math.round(rate)} raw transactions/s`),
  );
  await untilSteady(
    options.pipeline,
    () => pipelinePerSecond(funded, options.transfers, completed),
    (rate) => progress(`  warm-up: ${Math.round(rate)} transfers/s through the pipeline`),
  );
}

async function untilSteady(options: Duration, window: () => Promise<number>, report: (rate: number) => void): Promise<void> {
  const started = performance.now();
  const deadline = started + options.maxMs;
  let previous = 0;
  while (performance.now() < deadline) {
    const rate = await window();
    report(rate);
    const steady = previous > 0 && Math.abs(rate - previous) / previous < 0.1;
    if (steady && performance.now() - started >= options.minMs) return;
    previous = rate;
  }
}

/**
 * Completed transfers per second through HTTP → command → bus → queue → processor.
 * Transfers move money inside disjoint pairs of accounts, as the raw loop does: a pair's
 * debited account is its FIFO message group, so one group is the only writer of both
 * accounts and no two transactions conflict. (In a ring, where each account is also
 * credited by its neighbour's group, conflicts and retries cost about a fifth of the rate.)
 */
export async function pipelinePerSecond(funded: Funded, transfers: number, completed: () => number): Promise<number> {
  const base = completed();
  const started = performance.now();
  const pairs = Math.floor(funded.accounts.length / 2);
  let next = 0;
  const sender = async () => {
    while (next < transfers) {
      const pair = next++ % pairs;
      const from = funded.accounts[2 * pair] as string;
      const to = funded.accounts[2 * pair + 1] as string;
      await funded.client.transfer({ fromAccountId: from, toAccountId: to, amount: '0.01', currency: 'EUR' });
    }
  };
  await Promise.all(Array.from({ length: 16 }, sender));
  const deadline = performance.now() + 300_000;
  while (completed() - base < transfers && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return (completed() - base) / ((performance.now() - started) / 1000);
}

/**
 * POST /transfers → WebSocket push of its TransferCompleted, at `ratePerSecond`.
 * `onSubscribed` runs once the socket is connected and subscribed, before the first transfer.
 */
export async function latencySamples(
  wsUrl: string,
  funded: Funded,
  samples: number,
  ratePerSecond: number,
  onSubscribed: () => void = () => {},
): Promise<number[]> {
  const socket = await openSocket(wsUrl, funded.token);
  socket.send({ action: 'subscribe', topics: funded.accounts.slice(0, 40).map((id) => `account:${id}`) });
  await socket.waitFor((m) => m.type === 'subscribed');
  onSubscribed();
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  for (let i = 0; i < samples; i += 1) {
    const from = funded.accounts[i % 20] as string;
    const to = funded.accounts[20 + (i % 20)] as string;
    pending.push(
      (async () => {
        const started = performance.now();
        const transfer = await funded.client.transfer({ fromAccountId: from, toAccountId: to, amount: '0.01', currency: 'EUR' });
        await socket.waitFor(
          (m) => m.type === 'event' && (m.event as { type: string; data: { transferId: string } }).data.transferId === transfer.id,
          30_000,
        );
        latencies.push(performance.now() - started);
      })(),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000 / ratePerSecond));
  }
  await Promise.all(pending);
  await socket.close();
  return latencies;
}
