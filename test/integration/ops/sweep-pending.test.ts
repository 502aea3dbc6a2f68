import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { sweep } from '../../../functions/ops/sweep-pending';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys, pendingIndexAttributes } from '../../../shared/dynamo/keys';
import { usePipeline } from '../../support/pipeline';

const pipeline = usePipeline();
/** Bound on receive calls when emptying a queue. */
const MAX_RECEIVES = 50;

async function pendingTransfer(createdAt: Date, status = 'PENDING'): Promise<string> {
  const id = ulid();
  const event = { type: 'TransferRequested', detail: { transferId: id, messageGroupId: `acct-${id}` } };
  await documentClient.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        ...keys.transfer(id),
        id,
        status,
        createdAt: createdAt.toISOString(),
        ...(status === 'PENDING' ? { ...pendingIndexAttributes(id, createdAt.toISOString()), requestedEvent: JSON.stringify(event) } : {}),
      },
    }),
  );
  return id;
}

/** Takes every message out of the transfers queue and returns the transfer ids they request. */
async function takeTransferIds(): Promise<string[]> {
  const { sqs, queueUrls } = pipeline();
  const ids: string[] = [];
  // A FIFO receive may return one message per group per call: receive until the queue is empty.
  for (let calls = 0; calls < MAX_RECEIVES; calls += 1) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrls.transfers, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return ids;
    for (const message of Messages) {
      ids.push((JSON.parse(message.Body ?? '{}') as { detail: { transferId: string } }).detail.transferId);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrls.transfers, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  throw new Error(`the transfers queue was not empty after ${MAX_RECEIVES} receives`);
}

describe('the sweeper', () => {
  it('re-publishes commands PENDING longer than the threshold, and only those', async () => {
    const now = new Date();
    const old = await pendingTransfer(new Date(now.getTime() - 120_000));
    const young = await pendingTransfer(new Date(now.getTime() - 5_000));
    const result = await sweep(now, 60);
    const delivered = await takeTransferIds();
    expect(delivered.filter((id) => id === old || id === young)).toEqual([old]);
    expect(result.republished).toBe(delivered.length);
  });

  it('backs off: a command just re-published is not re-published on the next sweep', async () => {
    const now = new Date();
    await pendingTransfer(new Date(now.getTime() - 600_000));
    await sweep(now, 60);
    expect((await sweep(new Date(now.getTime() + 1_000), 60)).republished).toBe(0);
    expect((await sweep(new Date(now.getTime() + 200_000), 60)).republished).toBeGreaterThanOrEqual(1);
  });
});
