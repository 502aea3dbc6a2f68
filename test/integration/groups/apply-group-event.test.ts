import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { queueMessage } from '../../../events/contract';
import { SettlementTransferEndedV1 } from '../../../events/expenses';
import { handler } from '../../../functions/processors/apply-group-event';
import { manifest } from '../../../manifest/manifest';
import { toMinor } from '../../../shared/domain/money';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import {
  deletionMessage,
  type ExpenseItem,
  editMessage,
  newExpenseRecord,
  requestChange,
  restoreMessage,
} from '../../../shared/groups/expenses';
import { memberItem } from '../../../shared/groups/groups';
import { interceptSend } from '../../support/intercept';
import { lambdaContext, sqsEventOf, usePipeline } from '../../support/pipeline';

usePipeline();

const put = (item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: mainTableName(), Item: item }));
const get = async (key: { pk: string; sk: string }) =>
  (await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: key, ConsistentRead: true }))).Item ?? {};

async function group(): Promise<string> {
  const id = ulid();
  await put({
    ...keys.group(id),
    id,
    name: 'g',
    currency: 'EUR',
    createdAt: '',
    createdBy: 'a',
    version: 0,
    nets: { a: 0, b: 0 },
    memberCount: 2,
  });
  await put(memberItem(id, 'a', 'A', '1'));
  await put(memberItem(id, 'b', 'B', '2'));
  return id;
}

async function expense(groupId: string) {
  const { record, message } = newExpenseRecord({
    id: ulid(),
    groupId,
    status: 'PENDING',
    description: 'd',
    amountMinor: 1000n,
    currency: 'EUR',
    paidBy: 'a',
    splitType: 'equal',
    shares: [
      { userId: 'a', amountMinor: 500n },
      { userId: 'b', amountMinor: 500n },
    ],
    note: null,
    tags: [],
    createdBy: 'a',
    createdAt: new Date().toISOString(),
  });
  await put(record);
  return { id: record.id, event: () => sqsEventOf(message) };
}

async function settlement(groupId: string) {
  const id = ulid();
  await put({
    ...keys.settlement(id),
    id,
    groupId,
    fromUserId: 'b',
    toUserId: 'a',
    amountMinor: 500n,
    currency: 'EUR',
    transferId: 't',
    status: 'PENDING',
    createdAt: '',
  });
  const ended = (status: 'COMPLETED' | 'FAILED') =>
    sqsEventOf(
      queueMessage(
        SettlementTransferEndedV1,
        {
          groupId,
          settlementId: id,
          transferId: 't',
          status,
          occurredAt: '',
          ...(status === 'FAILED' ? { failureReason: 'INSUFFICIENT_FUNDS' } : {}),
        },
        { groupId, id: `${id}.transfer-ended` },
      ),
    );
  return { id, completed: () => ended('COMPLETED'), failed: () => ended('FAILED') };
}

const nets = async (groupId: string) => {
  const g = await get(keys.group(groupId));
  return { a: toMinor(g.nets.a), b: toMinor(g.nets.b), version: g.version };
};

describe('the group processor', () => {
  it('applies an expense once, however often it is delivered', async () => {
    const gid = await group();
    const e = await expense(gid);
    const event = e.event();
    await handler(event, lambdaContext);
    await handler(event, lambdaContext);
    expect(await nets(gid)).toEqual({ a: 500n, b: -500n, version: 1 });
    expect((await get(keys.expense(gid, e.id))).status).toBe('COMPLETED');
  });

  it('records a settlement once when its transfer completes', async () => {
    const gid = await group();
    await handler((await expense(gid)).event(), lambdaContext);
    const s = await settlement(gid);
    await handler(s.completed(), lambdaContext);
    await handler(s.completed(), lambdaContext);
    expect(await nets(gid)).toEqual({ a: 0n, b: 0n, version: 2 });
    expect((await get(keys.settlement(s.id))).status).toBe('COMPLETED');
  });

  it('leaves the nets untouched when the settlement transfer fails, and the settlement and the feed say why', async () => {
    const gid = await group();
    await handler((await expense(gid)).event(), lambdaContext);
    const s = await settlement(gid);
    await handler(s.failed(), lambdaContext);
    await handler(s.failed(), lambdaContext);
    // The feed's event moves the version, never a net.
    expect(await nets(gid)).toEqual({ a: 500n, b: -500n, version: 2 });
    expect(await get(keys.settlement(s.id))).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect(await get(keys.groupEvent(gid, 2))).toMatchObject({ type: 'SettlementFailed', actorId: 'b' });
  });

  describe('deleting an expense', () => {
    /** A completed expense (its own request swept 5 times) whose deletion was requested as DELETE does it, and that request's message. */
    async function deletionRequested(gid: string) {
      const e = await expense(gid);
      await handler(e.event(), lambdaContext);
      await put({ ...(await get(keys.expense(gid, e.id))), sweeps: 5 });
      const completed = await get(keys.expense(gid, e.id));
      const at = new Date().toISOString();
      const message = deletionMessage(gid, e.id, 1, 'tester', at);
      expect(await requestChange(completed as ExpenseItem, message, at, { fromStatus: 'COMPLETED' })).toBe(true);
      return { id: e.id, message: (receiveCount = 1) => sqsEventOf(message, receiveCount) };
    }

    it('reverses the expense once and leaves the sweeper’s index', async () => {
      const gid = await group();
      const d = await deletionRequested(gid);
      const requested = await get(keys.expense(gid, d.id));
      expect([requested.pendingPk !== undefined, requested.sweeps]).toEqual([true, 0]); // a fresh back-off
      await handler(d.message(), lambdaContext);
      await handler(d.message(), lambdaContext);
      const deleted = await get(keys.expense(gid, d.id));
      expect([deleted.status, deleted.pendingPk, deleted.requestedMessage]).toEqual(['DELETED', undefined, undefined]);
      expect(await nets(gid)).toEqual({ a: 0n, b: 0n, version: 2 });
    });

    it('on its last failed delivery, leaves the expense as it was and out of the sweeper’s index', async () => {
      const gid = await group();
      const d = await deletionRequested(gid);
      const { maxReceiveCount } = manifest.queues.find((q) => q.name === 'groups') as { maxReceiveCount: number };
      let failNext = true;
      const restore = interceptSend(async (command, send) => {
        if (failNext && command.name === 'TransactWriteItemsCommand') {
          failNext = false;
          throw new Error('injected failure');
        }
        return send(command);
      });
      try {
        expect((await handler(d.message(maxReceiveCount), lambdaContext)).batchItemFailures).toHaveLength(1);
      } finally {
        restore();
      }
      const kept = await get(keys.expense(gid, d.id));
      expect([kept.status, kept.pendingPk]).toEqual(['COMPLETED', undefined]);
      expect(await nets(gid)).toEqual({ a: 500n, b: -500n, version: 1 });
    });

    it('is not requested again once the expense is deleted', async () => {
      const gid = await group();
      const d = await deletionRequested(gid);
      await handler(d.message(), lambdaContext);
      const deleted = await get(keys.expense(gid, d.id));
      const again = deletionMessage(gid, d.id, 1, 'tester', '');
      expect(await requestChange(deleted as ExpenseItem, again, new Date().toISOString(), { fromStatus: 'COMPLETED' })).toBe(false);
      expect((await get(keys.expense(gid, d.id))).pendingPk).toBeUndefined();
    });
  });

  describe('editing and restoring an expense', () => {
    async function completed(gid: string) {
      const e = await expense(gid);
      await handler(e.event(), lambdaContext);
      return (await get(keys.expense(gid, e.id))) as ExpenseItem;
    }
    /** Ben pays 9.00 of a 12.00 bill, Ann 3.00; split equally. */
    const pendingEdit = {
      version: 1,
      actorId: 'b',
      description: 'd2',
      amountMinor: 1200n,
      paidBy: 'b',
      payers: [
        { userId: 'b', amountMinor: 900n },
        { userId: 'a', amountMinor: 300n },
      ],
      payerIds: ['b', 'a'],
      participantIds: ['a', 'b'],
      splitType: 'equal',
      splitRequest: { type: 'equal', participants: [{ userId: 'a' }, { userId: 'b' }] },
      shares: [
        { userId: 'a', amountMinor: 600n },
        { userId: 'b', amountMinor: 600n },
      ],
      note: null,
      tags: [],
    };

    it('applies only the difference of an edit, once, and keeps the version it was made at', async () => {
      const gid = await group();
      const e = await completed(gid);
      const at = new Date().toISOString();
      const message = editMessage(gid, e.id, 1, 'b', at);
      expect(await requestChange(e, message, at, { fromStatus: 'COMPLETED', set: { status: 'PENDING', pendingEdit } })).toBe(true);
      await handler(sqsEventOf(message), lambdaContext);
      await handler(sqsEventOf(message), lambdaContext);
      // Before: a +5, b −5. After: a 3 − 6 = −3, b 9 − 6 = +3.
      expect(await nets(gid)).toEqual({ a: -300n, b: 300n, version: 2 });
      const edited = await get(keys.expense(gid, e.id));
      expect([edited.status, edited.version, edited.description, edited.pendingEdit, edited.pendingPk]).toEqual([
        'COMPLETED',
        2,
        'd2',
        undefined,
        undefined,
      ]);
      expect(await get(keys.groupEvent(gid, 2))).toMatchObject({
        type: 'ExpenseEdited',
        data: { deltas: { a: -800, b: 800 } },
      });
    });

    it('refuses a second edit made at the same version', async () => {
      const gid = await group();
      const e = await completed(gid);
      const at = new Date().toISOString();
      const set = { status: 'PENDING', pendingEdit };
      expect(await requestChange(e, editMessage(gid, e.id, 1, 'b', at), at, { fromStatus: 'COMPLETED', set })).toBe(true);
      expect(await requestChange(e, editMessage(gid, e.id, 1, 'a', at), at, { fromStatus: 'COMPLETED', set })).toBe(false);
    });

    it('restores a deleted expense exactly, and deletes it again as a new deletion', async () => {
      const gid = await group();
      const e = await completed(gid);
      const run = async (message: ReturnType<typeof deletionMessage>, fromStatus: 'COMPLETED' | 'DELETED') => {
        const current = (await get(keys.expense(gid, e.id))) as ExpenseItem;
        expect(await requestChange(current, message, new Date().toISOString(), { fromStatus })).toBe(true);
        await handler(sqsEventOf(message), lambdaContext);
        await handler(sqsEventOf(message), lambdaContext);
      };
      await run(deletionMessage(gid, e.id, 1, 'a', ''), 'COMPLETED');
      expect(await nets(gid)).toEqual({ a: 0n, b: 0n, version: 2 });
      await run(restoreMessage(gid, e.id, 2, 'b', ''), 'DELETED');
      expect(await nets(gid)).toEqual({ a: 500n, b: -500n, version: 3 });
      await run(deletionMessage(gid, e.id, 3, 'a', ''), 'COMPLETED');
      expect(await nets(gid)).toEqual({ a: 0n, b: 0n, version: 4 });
      expect(await get(keys.expense(gid, e.id))).toMatchObject({ status: 'DELETED', version: 4 });
    });

    it('fails an expense naming someone who left the group before it was applied, moving no net', async () => {
      const gid = await group();
      const e = await expense(gid);
      await documentClient.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.groupMember(gid, 'b') }));
      await handler(e.event(), lambdaContext);
      expect(await get(keys.expense(gid, e.id))).toMatchObject({ status: 'FAILED', failureReason: 'MEMBER_NOT_IN_GROUP' });
      expect(await nets(gid)).toEqual({ a: 0n, b: 0n, version: 0 });
    });
  });
});
