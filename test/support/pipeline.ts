/**
 * Integration tests of processors: the manifest's tables on DynamoDB Local plus real
 * fauxqs queues and the local bus, with the environment handlers expect. No pollers:
 * tests invoke processors directly with SQS events they build.
 */
import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll } from 'vitest';
import type { OutgoingMessage } from '../../events/contract';
import { startBus } from '../../infra/local/bus';
import { loadHandler } from '../../infra/local/lambda';
import { toRecord } from '../../infra/local/pollers';
import { randomPrefix } from '../../infra/local/runtime';
import { startQueues } from '../../infra/local/sqs';
import { manifest } from '../../manifest/manifest';
import { useTables } from './tables';

export interface Pipeline {
  readonly queueUrls: Record<string, string>;
  readonly queueArns: Record<string, string>;
  readonly sqs: SQSClient;
  /** Messages currently waiting in a queue (received and left to reappear later). */
  drain(queue: string): Promise<Record<string, unknown>[]>;
  /**
   * Feeds every FIFO queue's messages to its processor, in batches as the event source mapping
   * would, until all of them are empty; failed records are made visible again at once. Answers
   * the batches run per queue.
   */
  runToQuiet(options?: {
    readonly maxRounds?: number;
    readonly onBatch?: (queue: string, event: SQSEvent) => void;
  }): Promise<Record<string, number>>;
}

/** Bound on rounds of receives when running queues to quiet. */
const MAX_QUIET_ROUNDS = 100;

export function usePipeline(): () => Pipeline {
  let pipeline: Pipeline | undefined;
  const stops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    await useTables();
    const prefix = randomPrefix();
    const queues = await startQueues(prefix);
    stops.push(() => queues.stop());
    const sqs = new SQSClient({ endpoint: queues.endpoint });
    const busName = `${prefix}-bus`;
    const bus = await startBus({ busName, sqs, queueUrls: queues.urls });
    stops.push(() => bus.stop());
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SQS: queues.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      [manifest.busEnvVar]: busName,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      ...Object.fromEntries(manifest.queues.map((q) => [q.envVar, queues.urls[q.name]])),
    });
    pipeline = {
      queueUrls: queues.urls,
      queueArns: queues.arns,
      sqs,
      runToQuiet: (options = {}) => runToQuiet(sqs, queues.urls, queues.arns, options),
      drain: async (queue) => {
        const result = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queues.urls[queue], MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 0 }),
        );
        return (result.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
      },
    };
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });
  return () => {
    if (!pipeline) throw new Error('pipeline not started');
    return pipeline;
  };
}

async function runToQuiet(
  sqs: SQSClient,
  urls: Record<string, string>,
  arns: Record<string, string>,
  options: Parameters<Pipeline['runToQuiet']>[0] = {},
): Promise<Record<string, number>> {
  const batches: Record<string, number> = {};
  for (let round = 0; round < (options.maxRounds ?? MAX_QUIET_ROUNDS); round += 1) {
    let received = 0;
    for (const queue of manifest.queues.filter((q) => q.fifo)) {
      const url = urls[queue.name] as string;
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: queue.batchSize, MessageSystemAttributeNames: ['All'] }),
      );
      if (Messages.length === 0) continue;
      received += Messages.length;
      batches[queue.name] = (batches[queue.name] ?? 0) + 1;
      const event: SQSEvent = { Records: Messages.map((m) => toRecord(m, arns[queue.name] as string)) };
      options.onBatch?.(queue.name, event);
      const handler = await loadHandler(queue.processor);
      const { batchItemFailures } = (await handler(event, lambdaContext)) as SQSBatchResponse;
      const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      for (const m of Messages) {
        if (failed.has(m.MessageId ?? '')) {
          await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
        } else await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    if (received === 0) return batches;
  }
  throw new Error('the queues were not quiet after every round');
}

/** An SQS event carrying one queue message, as Lambda delivers it from its FIFO queue. */
export function sqsEventOf(message: OutgoingMessage, receiveCount = 1): SQSEvent {
  const messageId = randomUUID();
  return {
    Records: [
      {
        messageId,
        receiptHandle: messageId,
        body: JSON.stringify(message.body),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.body.id,
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test.fifo',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

export const lambdaContext = { awsRequestId: 'test', functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as never;
