/**
 * Applying a change to a group's balances in one transaction: the command's status
 * transition (the exactly-once guard), the nets map on the group item (conditioned on
 * the group version), and the group event at seq = version + 1. Group commands are
 * serialized per group by the FIFO queue, so a version conflict is rare; it is retried.
 */
import { mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { type TransactItem, transactWrite, withOldOnFailure } from '../dynamo/transact';
import { type ActivityItem, publishActivity } from './activity';
import { getGroup } from './groups';
import { settlingAttribute, settlingCountAttribute } from './settlements';

/**
 * A group event written by a route rather than the processor (a comment, a member joining
 * or leaving): the group's version moves by one and the event takes that seq, conditioned
 * on the version read, so it never takes another event's seq. No nets move.
 */
export function groupEventItems(
  groupId: string,
  version: number,
  event: Omit<ActivityItem, 'seq'> & { data: Record<string, unknown> },
  extra: { set?: string; remove?: string; condition?: string; names?: Record<string, string>; values?: Record<string, unknown> } = {},
): TransactItem[] {
  const seq = version + 1;
  return [
    {
      Update: {
        TableName: mainTableName(),
        Key: keys.group(groupId),
        UpdateExpression: `SET version = :next${extra.set ? `, ${extra.set}` : ''}${extra.remove ? ` REMOVE ${extra.remove}` : ''}`,
        ConditionExpression: `version = :v${extra.condition ? ` AND ${extra.condition}` : ''}`,
        ...(extra.names ? { ExpressionAttributeNames: extra.names } : {}),
        ExpressionAttributeValues: { ':v': version, ':next': seq, ...extra.values },
      },
    },
    {
      Put: {
        TableName: mainTableName(),
        Item: {
          ...keys.groupEvent(groupId, seq),
          seq,
          type: event.type,
          occurredAt: event.occurredAt,
          actorId: event.actorId,
          text: event.text,
          data: event.data,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

export const MAX_GROUP_VERSION_RETRIES = 10;

export interface GroupChange {
  readonly groupId: string;
  /** The command record and the update that moves it to its terminal state (conditioned). */
  readonly command: TransactItem;
  readonly deltas: ReadonlyMap<string, bigint>;
  readonly eventType: string;
  readonly eventData: Record<string, unknown>;
  readonly occurredAt: string;
  /** Who made the change and what it was, in a sentence: the group's activity feed. */
  readonly actorId: string;
  readonly text: string;
  /**
   * Everyone whose net it moves must still be a member: a member who left after the
   * command was accepted fails it rather than gain a net outside the group.
   */
  readonly requireMembers?: boolean;
  /**
   * Releases a settlement's hold in the same update: each member's held amount moves by its
   * delta and its count of settlements on their way drops by one (settlements.ts).
   */
  readonly settling?: ReadonlyMap<string, bigint>;
}

export type ApplyOutcome = 'applied' | 'already-done' | 'group-missing' | 'member-missing';

/** The first condition checks: command, group, event; member checks follow. */
const FIRST_MEMBER_CHECK_INDEX = 3;

const memberCheck = (groupId: string, userId: string): TransactItem => ({
  ConditionCheck: { TableName: mainTableName(), Key: keys.groupMember(groupId, userId), ConditionExpression: 'attribute_exists(pk)' },
});

function groupUpdate(
  groupId: string,
  version: number,
  deltas: ReadonlyMap<string, bigint>,
  settling: ReadonlyMap<string, bigint>,
): TransactItem {
  const entries = [...deltas.entries()];
  const holds = [...settling.entries()];
  const sets = [
    ...entries.map((_, i) => `nets.#u${i} = if_not_exists(nets.#u${i}, :zero) + :d${i}`),
    ...holds.map((_, i) => `#s${i} = if_not_exists(#s${i}, :zero) + :s${i}`),
    ...holds.map((_, i) => `#c${i} = if_not_exists(#c${i}, :one) - :one`),
  ];
  const names = {
    ...Object.fromEntries(entries.map(([userId], i) => [`#u${i}`, userId])),
    ...Object.fromEntries(holds.map(([userId], i) => [`#s${i}`, settlingAttribute(userId)])),
    ...Object.fromEntries(holds.map(([userId], i) => [`#c${i}`, settlingCountAttribute(userId)])),
  };
  return {
    Update: {
      TableName: mainTableName(),
      Key: keys.group(groupId),
      UpdateExpression: `SET version = :next${sets.length ? `, ${sets.join(', ')}` : ''}`,
      ConditionExpression: 'version = :v',
      // DynamoDB refuses an empty ExpressionAttributeNames (an edit may move no net).
      ...(sets.length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: {
        ':v': version,
        ':next': version + 1,
        ...(sets.length ? { ':zero': 0 } : {}),
        ...Object.fromEntries(entries.map(([, delta], i) => [`:d${i}`, delta])),
        ...Object.fromEntries(holds.map(([, delta], i) => [`:s${i}`, delta])),
        ...(holds.length ? { ':one': 1 } : {}),
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
        actorId: change.actorId,
        text: change.text,
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
    const checks = change.requireMembers ? [...change.deltas.keys()].map((userId) => memberCheck(change.groupId, userId)) : [];
    const outcome = await transactWrite(
      [
        change.command,
        groupUpdate(change.groupId, version, change.deltas, change.settling ?? new Map()),
        eventPut(change, version + 1),
        ...checks,
      ].map(withOldOnFailure),
    );
    if (outcome.ok) {
      await publishActivity(change.groupId, {
        seq: version + 1,
        type: change.eventType,
        actorId: change.actorId,
        text: change.text,
        occurredAt: change.occurredAt,
      });
      return 'applied';
    }
    if (outcome.cancelled.some((c) => c.index === 0 && c.code === 'ConditionalCheckFailed')) return 'already-done';
    if (outcome.cancelled.some((c) => c.index >= FIRST_MEMBER_CHECK_INDEX && c.code === 'ConditionalCheckFailed')) return 'member-missing';
  }
  throw new Error(`Group ${change.groupId}: version kept moving after ${MAX_GROUP_VERSION_RETRIES} attempts`);
}

/** Thrown by a route's write when the group's version moved under it: read the group again and retry. */
export class GroupVersionMoved extends Error {
  constructor(groupId: string) {
    super(`Group ${groupId}: version moved`);
    this.name = 'GroupVersionMoved';
  }
}

/** Runs a route's group write until it lands on the version it read (bounded: a moving version is rare). */
export async function retryOnGroupVersion<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; attempt <= MAX_GROUP_VERSION_RETRIES; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof GroupVersionMoved)) throw error;
    }
  }
  throw new Error(`Invariant: a group's version kept moving for ${MAX_GROUP_VERSION_RETRIES} attempts`);
}
