/**
 * A fixed-window counter in one item: at most `max` takes per `windowSeconds`, the window
 * opening at the first take. The limit is in the write's condition, so a burst of concurrent
 * takes gets at most `max` (a read-then-count check would not promise that). TTL removes
 * stale items eventually; DynamoDB's TTL may lag for days, so every condition checks the
 * window as well. Used by login throttling, per-address limits and cooldowns.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documentClient, mainTableName } from './client';
import type { Key } from './keys';

export interface WindowLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

export type WindowTake = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

/** One round loses only to a concurrent take that opened the window first; the next round counts in it. */
const MAX_TAKE_ROUNDS = 3;

const epochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

async function countInWindow(
  key: Key,
  limit: WindowLimit,
  nowSeconds: number,
): Promise<{ counted: true } | { counted: false; old: Record<string, unknown> | undefined }> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: key,
        UpdateExpression: 'ADD takes :one',
        ConditionExpression: 'windowStartEpochSeconds > :cutoff AND takes < :max',
        ExpressionAttributeValues: { ':one': 1, ':cutoff': nowSeconds - limit.windowSeconds, ':max': limit.max },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { counted: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { counted: false, old: error.Item ? unmarshall(error.Item) : undefined };
  }
}

async function openWindow(key: Key, limit: WindowLimit, nowSeconds: number): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          ...key,
          type: 'window',
          takes: 1,
          windowStartEpochSeconds: nowSeconds,
          expiresAtEpochSeconds: nowSeconds + limit.windowSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR windowStartEpochSeconds <= :cutoff',
        ExpressionAttributeValues: { ':cutoff': nowSeconds - limit.windowSeconds },
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}

/** Takes one from the window of `key`; `ok: false` says how long until the window ends. */
export async function takeFromWindow(key: Key, limit: WindowLimit, now: Date = new Date()): Promise<WindowTake> {
  if (limit.max < 1) return { ok: false, retryAfterSeconds: limit.windowSeconds };
  const nowSeconds = epochSeconds(now);
  for (let round = 0; round < MAX_TAKE_ROUNDS; round += 1) {
    const counted = await countInWindow(key, limit, nowSeconds);
    if (counted.counted) return { ok: true };
    const windowEnd = Number(counted.old?.windowStartEpochSeconds ?? Number.NaN) + limit.windowSeconds;
    if (windowEnd > nowSeconds) return { ok: false, retryAfterSeconds: windowEnd - nowSeconds };
    if (await openWindow(key, limit, nowSeconds)) return { ok: true };
  }
  // Only reachable under pathological contention on one key: refuse briefly rather than guess.
  return { ok: false, retryAfterSeconds: 1 };
}

export async function clearWindow(key: Key): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: mainTableName(), Key: key }));
}
