import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_CONFIG } from '../../../infra/local/dynamodb';
import { randomPrefix } from '../../../infra/local/runtime';
import { type LocalQueues, startQueues } from '../../../infra/local/sqs';
import { manifest } from '../../../manifest/manifest';

describe('local SQS (fauxqs, patched as SQS behaves)', () => {
  let queues: LocalQueues;
  let sqs: SQSClient;
  const fifo = manifest.queues.find((q) => q.fifo) as (typeof manifest.queues)[number];

  beforeAll(async () => {
    queues = await startQueues(randomPrefix());
    sqs = new SQSClient({ endpoint: queues.endpoint, ...LOCAL_CLIENT_CONFIG });
  });
  afterAll(async () => {
    sqs.destroy();
    await queues.stop();
  });

  it('returns as many messages of one FIFO group as it has, in order, and none of that group while they are in flight', async () => {
    const url = queues.urls[fifo.name] as string;
    const entries = Array.from({ length: 6 }, (_, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify({ i }),
      MessageGroupId: 'hot',
      MessageDeduplicationId: `hot-${i}`,
    }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect((first.Messages ?? []).map((m) => (JSON.parse(m.Body ?? '{}') as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5]);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect(second.Messages ?? []).toEqual([]);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: (first.Messages ?? []).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  });
});
