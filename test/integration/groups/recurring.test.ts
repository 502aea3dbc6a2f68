/**
 * The schedule's step against DynamoDB Local: an occurrence is an expense command keyed by
 * its template and date, so a run that dies between making it and moving the template on
 * makes nothing twice when run again.
 */
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import { memberItem } from '../../../shared/groups/groups';
import { getRecurring, makeDueOccurrences, newRecurringRecord, stopRecurring } from '../../../shared/groups/recurring';
import { interceptSend } from '../../support/intercept';
import { usePipeline } from '../../support/pipeline';

usePipeline();

const put = (item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: mainTableName(), Item: item }));

async function groupWithTemplate(every: 'week' | 'month', startsOn: string) {
  const groupId = ulid();
  await put({
    ...keys.group(groupId),
    id: groupId,
    name: 'g',
    currency: 'EUR',
    createdAt: '',
    createdBy: 'a',
    version: 0,
    nets: {},
    memberCount: 2,
  });
  await put(memberItem(groupId, 'a', 'A', '1'));
  await put(memberItem(groupId, 'b', 'B', '2'));
  const record = newRecurringRecord(
    groupId,
    'a',
    {
      description: 'Rent',
      amount: '10.00',
      paidBy: 'a',
      split: { type: 'equal', participants: [{ userId: 'a' }, { userId: 'b' }] },
      every,
      startsOn,
    },
    new Date().toISOString(),
  );
  await put(record);
  return { groupId, id: record.id };
}

/** A call's input as text, bigints included (amounts are bigints). */
const inputText = (input: unknown): string => JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? String(v) : v));

async function expensesOf(groupId: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.group(groupId).pk, ':prefix': keys.expensePrefix },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []) as { recurring?: { on: string }; status: string }[];
}

describe('making recurring expenses', () => {
  it('makes each due date once when a run dies after its transaction committed, before it heard back', async () => {
    const { groupId, id } = await groupWithTemplate('week', '2031-05-01');
    let failAfterCommit = 1;
    const restore = interceptSend(async (command, send) => {
      const carriesTemplate = inputText(command.input).includes(`"${keys.recurringPrefix}${id}"`);
      if (command.name !== 'TransactWriteItemsCommand' || !carriesTemplate || failAfterCommit-- <= 0) return send();
      await send();
      throw Object.assign(new Error('the function timed out'), { name: 'TimeoutError' });
    });
    try {
      // The run logs the failed template and goes on; the occurrence it made is there.
      expect(await makeDueOccurrences(new Date('2031-05-09T10:00:00Z'))).toEqual({ made: 0, failed: 0 });
    } finally {
      restore();
    }
    expect((await expensesOf(groupId)).map((e) => e.recurring?.on)).toEqual(['2031-05-01']);
    expect(await makeDueOccurrences(new Date('2031-05-09T10:00:00Z'))).toEqual({ made: 1, failed: 0 });
    expect((await expensesOf(groupId)).map((e) => e.recurring?.on).sort()).toEqual(['2031-05-01', '2031-05-08']);
    expect(await getRecurring(groupId, id)).toMatchObject({ made: 2, nextOn: '2031-05-15', status: 'ACTIVE' });
  });

  it('makes nothing for a template stopped while its occurrence was being made', async () => {
    const { groupId, id } = await groupWithTemplate('month', '2031-05-01');
    const restore = interceptSend(async (command, send) => {
      const carriesTemplate = inputText(command.input).includes(`"${keys.recurringPrefix}${id}"`);
      if (command.name === 'TransactWriteItemsCommand' && carriesTemplate) await stopRecurring(groupId, id, '2031-05-01T00:00:01Z');
      return send();
    });
    try {
      expect(await makeDueOccurrences(new Date('2031-05-01T00:30:00Z'))).toEqual({ made: 0, failed: 0 });
    } finally {
      restore();
    }
    expect(await expensesOf(groupId)).toEqual([]);
    expect(await getRecurring(groupId, id)).toMatchObject({ status: 'STOPPED', made: 0 });
  });

  it('gives up on a date the group refuses, keeping why, and goes on with the next', async () => {
    const { groupId, id } = await groupWithTemplate('month', '2031-06-10');
    await documentClient.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.groupMember(groupId, 'b') }));
    const run = await makeDueOccurrences(new Date('2031-06-10T00:30:00Z'));
    expect(run.failed).toBeGreaterThanOrEqual(1);
    expect(await expensesOf(groupId)).toEqual([]);
    const template = await getRecurring(groupId, id);
    expect(template).toMatchObject({ made: 1, nextOn: '2031-07-10', status: 'ACTIVE', lastFailure: { on: '2031-06-10' } });
    expect(template?.lastFailure?.reason).toBe('The expense is not valid.');
  });

  it('stops a template whose creator has left the group', async () => {
    const { groupId, id } = await groupWithTemplate('month', '2031-08-01');
    await documentClient.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.groupMember(groupId, 'a') }));
    await makeDueOccurrences(new Date('2031-08-01T00:30:00Z'));
    expect(await getRecurring(groupId, id)).toMatchObject({ status: 'STOPPED', made: 0, nextOn: null });
    expect(await expensesOf(groupId)).toEqual([]);
  });
});
