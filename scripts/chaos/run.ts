/**
 * A chaos run: boots the local runtime with seeded faults (duplicate delivery, crash
 * after commit, lost sends, transaction conflicts, poison messages), drives a mixed
 * workload from concurrent clients, waits for quiescence and checks the invariants, that
 * no client was refused other than by design, that the DLQs hold the poison and nothing else
 * (every other fault is one the system must recover from), and that the production
 * reconciliation passes the books the run left.
 */

import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomPrefix, startLocalRuntime } from '../../infra/local/runtime';
import { dlqName, manifest } from '../../manifest/manifest';
import { LOAD_RUN_ADDRESS_LIMITS } from '../../shared/http/rate-limit';
import { reconcile } from '../../shared/reconciliation/run';
import { ChaosFaults, type FaultCounts } from './faults';
import { checkInvariants, documentClientFor } from './invariants';
import { type Answers, EXPECTED_REFUSALS, newAnswers, type Outcome, runOperation, setUp, type World } from './workload';

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
  readonly details: {
    violations: string[];
    operations: Record<string, number>;
    /** Refusals by `<operation> <status> <problem type>`. */
    refused: Record<string, number>;
    /** The poison messages sent, by the DLQ they must end in. */
    poisoned: DeadLetter[];
    /** What the DLQs held once the system was quiet. */
    deadLetters: DeadLetter[];
    /** Requests sent twice with one idempotency key, and expense deletions accepted. */
    replays: number;
    deletions: number;
  };
}

export interface DeadLetter {
  readonly dlq: string;
  readonly body: string;
}

const POISON_PER_OPS = 500;
/** Bound on receive calls per DLQ when reading what it holds (a FIFO receive may return one message). */
const MAX_DLQ_RECEIVES = 200;

async function queueDepth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** Takes every message out of a DLQ (the run is over: nothing will redrive them). */
async function takeDeadLetters(sqs: SQSClient, dlq: string, url: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (let calls = 0; calls < MAX_DLQ_RECEIVES; calls += 1) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) break;
    for (const message of Messages) {
      letters.push({ dlq, body: message.Body ?? '' });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  return letters;
}

/** A dead letter as a reader needs it: the request an event carries, or the raw body. */
function describeBody(body: string): string {
  try {
    const event = JSON.parse(body) as { 'detail-type'?: unknown; detail?: unknown };
    if (typeof event['detail-type'] === 'string') return `${event['detail-type']} ${JSON.stringify(event.detail).slice(0, 200)}`;
  } catch {
    // not JSON: shown as it is
  }
  return body.slice(0, 200);
}

/** Each dead letter must be a poison message sent to its queue, and each poison message must be dead. */
function checkDeadLetters(poisoned: readonly DeadLetter[], deadLetters: readonly DeadLetter[]): string[] {
  const label = (letter: DeadLetter) => `${letter.dlq}: ${describeBody(letter.body)}`;
  const missing = poisoned.map(label);
  const unexpected: string[] = [];
  for (const letter of deadLetters.map(label)) {
    const index = missing.indexOf(letter);
    if (index >= 0) missing.splice(index, 1);
    else unexpected.push(`DLQ ${letter} is not a poison message`);
  }
  return [...unexpected, ...missing.map((letter) => `poison message ${letter} did not reach its DLQ`)];
}

const isExpectedRefusal = ({ kind, refusal }: Outcome): boolean => !refusal || (EXPECTED_REFUSALS[kind] ?? []).includes(refusal.type);

/** Runs the operations from concurrent clients; tallies them, and the refusals by kind and problem type. */
async function drive(world: World, answers: Answers, options: ChaosOptions, progress: (line: string) => void) {
  const operations: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const unexpectedRefusals: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.ops) {
      const index = next++;
      const outcome = await runOperation(world, options.seed, index, answers);
      operations[outcome.kind] = (operations[outcome.kind] ?? 0) + 1;
      if (outcome.refusal) {
        const label = `${outcome.kind} ${outcome.refusal.status} ${outcome.refusal.type}`;
        refused[label] = (refused[label] ?? 0) + 1;
        if (!isExpectedRefusal(outcome)) unexpectedRefusals.push(`operation ${index} (${label}) was refused`);
      }
      if (index % 100 === 0) progress(`  ${index}/${options.ops} operations sent`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { operations, refused, unexpectedRefusals };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const startedAt = Date.now();
  const progress = options.progress ?? (() => {});
  const faults = new ChaosFaults(options.seed);
  faults.installConflicts();
  faults.installLostSends();
  const runtime = await startLocalRuntime({
    port: 0,
    wsPort: 0,
    tablePrefix: randomPrefix(),
    quiet: true,
    faults,
    retryDelaySeconds: 1,
    scheduleIntervalMs: 1_000,
    // Every actor calls from this one address: the per-address limits are not what chaos tests.
    env: { SWEEPER_THRESHOLD_SECONDS: '5', POWERTOOLS_LOG_LEVEL: 'CRITICAL', ADDRESS_RATE_LIMITS: LOAD_RUN_ADDRESS_LIMITS },
    ...(options.dynamoEndpoint ? { dynamoEndpoint: options.dynamoEndpoint } : {}),
  });
  const sqs = new SQSClient({ endpoint: runtime.sqsEndpoint });
  try {
    const answers = newAnswers();
    const world = await setUp(runtime.httpUrl, 6, answers);
    const fifoQueues = manifest.queues.filter((q) => q.fifo);
    const poisoned: DeadLetter[] = [];
    for (let i = 0; i < Math.max(1, Math.floor(options.ops / POISON_PER_OPS)); i += 1) {
      const queue = fifoQueues[i % fifoQueues.length] as (typeof fifoQueues)[number];
      const body = `poison ${i}`;
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: runtime.queueUrls[queue.name],
          MessageBody: body,
          MessageGroupId: `poison-${i}`,
          MessageDeduplicationId: randomUUID(),
        }),
      );
      poisoned.push({ dlq: dlqName(queue), body });
      faults.counts.poison += 1;
    }
    const { operations, refused, unexpectedRefusals } = await drive(world, answers, options, progress);
    progress('  waiting for quiescence…');
    const deadline = Date.now() + (options.quiescenceTimeoutMs ?? 180_000);
    const check = () => checkInvariants(runtime.dynamoEndpoint, runtime.tables.main as string, world.initialStock, answers);
    let report = await check();
    for (;;) {
      const depths = await Promise.all(manifest.queues.map((q) => queueDepth(sqs, runtime.queueUrls[q.name] as string)));
      const busy = depths.reduce((a, b) => a + b, 0);
      if ((report.stuck === 0 && busy === 0) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      report = await check();
    }
    const dlqUrl = (q: (typeof manifest.queues)[number]) => runtime.queueUrls[dlqName(q)] as string;
    const dlq = (await Promise.all(manifest.queues.map((q) => queueDepth(sqs, dlqUrl(q))))).reduce((a, b) => a + b, 0);
    const deadLetters = (await Promise.all(manifest.queues.map((q) => takeDeadLetters(sqs, dlqName(q), dlqUrl(q))))).flat();
    // The production reconciliation must agree: the books the run left pass it.
    const books = await reconcile({ tableName: runtime.tables.main as string, client: documentClientFor(runtime.dynamoEndpoint) });
    const reconciliation = books.passed
      ? []
      : [
          `the reconciliation failed (${books.complete ? 'complete' : 'incomplete'}): ${books.violations.map((v) => `${v.type} ${v.subject}`).join('; ')}`,
        ];
    const violations = [...report.violations, ...unexpectedRefusals, ...checkDeadLetters(poisoned, deadLetters), ...reconciliation];
    return {
      seed: options.seed,
      ops: options.ops,
      faults: { ...faults.counts },
      violations: violations.length,
      stuck: report.stuck,
      dlq,
      seconds: Math.round((Date.now() - startedAt) / 1000),
      details: {
        violations: violations.slice(0, 20),
        operations,
        refused,
        poisoned,
        deadLetters,
        replays: answers.replays.length,
        deletions: answers.deletions.length,
      },
    };
  } finally {
    sqs.destroy();
    await runtime.stop();
  }
}
