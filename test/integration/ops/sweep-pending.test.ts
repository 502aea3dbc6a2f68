import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { AccountStepV1 } from '../../../events/steps';
import { sweep } from '../../../functions/ops/sweep-pending';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys, pendingIndexAttributes } from '../../../shared/dynamo/keys';
import { usePipeline } from '../../support/pipeline';

const pipeline = usePipeline();
/** Bound on receive calls when emptying a queue. */
const MAX_RECEIVES = 50;

async function pendingTransfer(createdAt: Date, status = 'PENDING'): Promise<string> {
  const id = ulid();
  const message = { groupId: `acct-${id}`, body: { type: AccountStepV1.type, version: 1, id, detail: { commandId: id } } };
  await documentClient.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        ...keys.transfer(id),
        id,
        status,
        createdAt: createdAt.toISOString(),
        ...(status === 'PENDING'
          ? { ...pendingIndexAttributes(id, createdAt.toISOString()), requestedMessage: JSON.stringify(message) }
          : {}),
      },
    }),
  );
  return id;
}

/** Takes every message out of the accounts queue and returns the command ids they request. */
async function takeTransferIds(): Promise<string[]> {
  const { sqs, queueUrls } = pipeline();
  const ids: string[] = [];
  // Receive until the queue is empty.
  for (let calls = 0; calls < MAX_RECEIVES; calls += 1) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrls.accounts, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return ids;
    for (const message of Messages) {
      ids.push((JSON.parse(message.Body ?? '{}') as { detail: { commandId: string } }).detail.commandId);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrls.accounts, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  throw new Error(`the accounts queue was not empty after ${MAX_RECEIVES} receives`);
}

describe('the sweeper', () => {
  it('sends again the message of commands PENDING longer than the threshold, and only those', async () => {
    const now = new Date();
    const old = await pendingTransfer(new Date(now.getTime() - 120_000));
    const young = await pendingTransfer(new Date(now.getTime() - 5_000));
    const result = await sweep(now, 60);
    const delivered = await takeTransferIds();
    expect(delivered.filter((id) => id === old || id === young)).toEqual([old]);
    expect(result.resent).toBe(delivered.length);
  });

  it('backs off: a command just sent again is not sent again on the next sweep', async () => {
    const now = new Date();
    await pendingTransfer(new Date(now.getTime() - 600_000));
    await sweep(now, 60);
    expect((await sweep(new Date(now.getTime() + 1_000), 60)).resent).toBe(0);
    expect((await sweep(new Date(now.getTime() + 200_000), 60)).resent).toBeGreaterThanOrEqual(1);
  });
});
