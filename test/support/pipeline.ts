/**
 * Integration tests of processors: the manifest's tables on DynamoDB Local plus real
 * fauxqs queues and the local bus, with the environment handlers expect. No pollers:
 * tests invoke processors directly with SQS events they build.
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll } from 'vitest';
import type { OutgoingMessage } from '../../events/contract';
import { startBus } from '../../infra/local/bus';
import { randomPrefix } from '../../infra/local/runtime';
import { startQueues } from '../../infra/local/sqs';
import { manifest } from '../../infra/manifest';
import { useTables } from './tables';

export interface Pipeline {
  readonly queueUrls: Record<string, string>;
  readonly sqs: SQSClient;
  /** Messages currently waiting in a queue (received and left to reappear later). */
  drain(queue: string): Promise<Record<string, unknown>[]>;
}

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
      sqs,
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
