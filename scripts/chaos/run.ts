/**
 * A chaos run: boots the local runtime with seeded faults (duplicate delivery, crash
 * after commit, lost publishes, transaction conflicts, poison messages), drives a mixed
 * workload from concurrent clients, waits for quiescence and checks the invariants.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomPrefix, startLocalRuntime } from '../../infra/local/runtime';
import { dlqName, manifest } from '../../infra/manifest';
import { EvenlyApiError } from '../../shared/client/evenly-client';
import { ChaosFaults, type FaultCounts } from './faults';
import { checkInvariants } from './invariants';
import { runOperation, setUp } from './workload';

export interface ChaosOptions {
  readonly seed: number;
  readonly ops: number;
  readonly concurrency?: number;
  readonly dynamoEndpoint?: string;
  readonly quiescenceTimeoutMs?: number;
  readonly progress?: (line: string) => void;
}

export interface ChaosSummary {
  readonly seed: number;
  readonly ops: number;
  readonly faults: FaultCounts;
  readonly violations: number;
  readonly stuck: number;
  readonly dlq: number;
  readonly seconds: number;
  readonly details: { violations: string[]; operations: Record<string, number>; refused: number };
}

const POISON_PER_OPS = 500;

async function queueDepth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const startedAt = Date.now();
  const progress = options.progress ?? (() => {});
  const faults = new ChaosFaults(options.seed);
  faults.installConflicts();
  const runtime = await startLocalRuntime({
    port: 0,
    wsPort: 0,
    tablePrefix: randomPrefix(),
    quiet: true,
    faults,
    retryDelaySeconds: 1,
    scheduleIntervalMs: 1_000,
    env: { SWEEPER_THRESHOLD_SECONDS: '5', POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
    ...(options.dynamoEndpoint ? { dynamoEndpoint: options.dynamoEndpoint } : {}),
  });
  const sqs = new SQSClient({ endpoint: runtime.sqsEndpoint });
  try {
    const world = await setUp(runtime.httpUrl, 6);
    const fifoQueues = manifest.queues.filter((q) => q.fifo);
    for (let i = 0; i < Math.max(1, Math.floor(options.ops / POISON_PER_OPS)); i += 1) {
      const queue = fifoQueues[i % fifoQueues.length] as (typeof fifoQueues)[number];
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: runtime.queueUrls[queue.name],
          MessageBody: `poison ${i}`,
          MessageGroupId: `poison-${i}`,
          MessageDeduplicationId: randomUUID(),
        }),
      );
      faults.counts.poison += 1;
    }
    const operations: Record<string, number> = {};
    const expenses: { groupId: string; id: string }[] = [];
    let refused = 0;
    let next = 0;
    const worker = async () => {
      while (next < options.ops) {
        const index = next++;
        try {
          const kind = await runOperation(world, options.seed, index, expenses);
          operations[kind] = (operations[kind] ?? 0) + 1;
        } catch (error) {
          if (!(error instanceof EvenlyApiError) || error.status >= 500) throw error;
          refused += 1; // e.g. deleting an expense still being applied: a clear 409, by design
        }
        if (index % 100 === 0) progress(`  ${index}/${options.ops} operations sent`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    progress('  waiting for quiescence…');
    const deadline = Date.now() + (options.quiescenceTimeoutMs ?? 180_000);
    let report = await checkInvariants(runtime.dynamoEndpoint, runtime.tables.main as string, world.initialStock);
    for (;;) {
      const depths = await Promise.all(manifest.queues.map((q) => queueDepth(sqs, runtime.queueUrls[q.name] as string)));
      const busy = depths.reduce((a, b) => a + b, 0);
      if ((report.stuck === 0 && busy === 0) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      report = await checkInvariants(runtime.dynamoEndpoint, runtime.tables.main as string, world.initialStock);
    }
    const dlq = (await Promise.all(manifest.queues.map((q) => queueDepth(sqs, runtime.queueUrls[dlqName(q)] as string)))).reduce(
      (a, b) => a + b,
      0,
    );
    return {
      seed: options.seed,
      ops: options.ops,
      faults: { ...faults.counts },
      violations: report.violations.length,
      stuck: report.stuck,
      dlq,
      seconds: Math.round((Date.now() - startedAt) / 1000),
      details: { violations: report.violations.slice(0, 20), operations, refused },
    };
  } finally {
    sqs.destroy();
    await runtime.stop();
  }
}
