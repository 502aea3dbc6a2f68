import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { sweep } from '../../../functions/ops/sweep-pending';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys, pendingIndexAttributes } from '../../../shared/dynamo/keys';
import { usePipeline } from '../../support/pipeline';

const pipeline = usePipeline();

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

describe('the sweeper', () => {
  it('re-publishes commands PENDING longer than the threshold, and only those', async () => {
    const now = new Date();
    const old = await pendingTransfer(new Date(now.getTime() - 120_000));
    await pendingTransfer(new Date(now.getTime() - 5_000));
    const result = await sweep(now, 60);
    expect(result.republished).toBeGreaterThanOrEqual(1);
    const delivered = await pipeline().drain('transfers');
    expect(delivered.map((e) => (e.detail as { transferId: string }).transferId)).toContain(old);
  });

  it('backs off: a command just re-published is not re-published on the next sweep', async () => {
    const now = new Date();
    await pendingTransfer(new Date(now.getTime() - 600_000));
    await sweep(now, 60);
    expect((await sweep(new Date(now.getTime() + 1_000), 60)).republished).toBe(0);
    expect((await sweep(new Date(now.getTime() + 200_000), 60)).republished).toBeGreaterThanOrEqual(1);
  });
});
