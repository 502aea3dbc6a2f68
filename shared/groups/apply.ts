/**
 * Applying a change to a group's balances in one transaction: the command's status
 * transition (the exactly-once guard), the nets map on the group item (conditioned on
 * the group version), and the group event at seq = version + 1. Group commands are
 * serialized per group by the FIFO queue, so a version conflict is rare; it is retried.
 */
import { mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { type TransactItem, transactWrite, withOldOnFailure } from '../dynamo/transact';
import { getGroup } from './groups';

export const MAX_GROUP_VERSION_RETRIES = 10;

export interface GroupChange {
  readonly groupId: string;
  /** The command record and the update that moves it to its terminal state (conditioned). */
  readonly command: TransactItem;
  readonly deltas: ReadonlyMap<string, bigint>;
  readonly eventType: string;
  readonly eventData: Record<string, unknown>;
  readonly occurredAt: string;
}

export type ApplyOutcome = 'applied' | 'already-done' | 'group-missing';

function groupUpdate(groupId: string, version: number, deltas: ReadonlyMap<string, bigint>): TransactItem {
  const entries = [...deltas.entries()];
  const sets = entries.map((_, i) => `nets.#u${i} = if_not_exists(nets.#u${i}, :zero) + :d${i}`);
  return {
    Update: {
      TableName: mainTableName(),
      Key: keys.group(groupId),
      UpdateExpression: `SET version = :next${sets.length ? `, ${sets.join(', ')}` : ''}`,
      ConditionExpression: 'version = :v',
      ExpressionAttributeNames: Object.fromEntries(entries.map(([userId], i) => [`#u${i}`, userId])),
      ExpressionAttributeValues: {
        ':v': version,
        ':next': version + 1,
        ':zero': 0,
        ...Object.fromEntries(entries.map(([, delta], i) => [`:d${i}`, delta])),
      },
    },
  };
}

function eventPut(change: GroupChange, seq: number): TransactItem {
  return {
    Put: {
      TableName: mainTableName(),
      Item: {
        ...keys.groupEvent(change.groupId, seq),
        seq,
        type: change.eventType,
        occurredAt: change.occurredAt,
        data: { ...change.eventData, deltas: Object.fromEntries([...change.deltas].map(([u, d]) => [u, d])) },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function applyGroupChange(change: GroupChange): Promise<ApplyOutcome> {
  for (let attempt = 1; attempt <= MAX_GROUP_VERSION_RETRIES; attempt += 1) {
    const group = await getGroup(change.groupId);
    if (!group) return 'group-missing';
    const version = Number(group.version);
    const outcome = await transactWrite(
      [change.command, groupUpdate(change.groupId, version, change.deltas), eventPut(change, version + 1)].map(withOldOnFailure),
    );
    if (outcome.ok) return 'applied';
    if (outcome.cancelled.some((c) => c.index === 0 && c.code === 'ConditionalCheckFailed')) return 'already-done';
  }
  throw new Error(`Group ${change.groupId}: version kept moving after ${MAX_GROUP_VERSION_RETRIES} attempts`);
}
