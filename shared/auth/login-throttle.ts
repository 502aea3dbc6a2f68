/**
 * Per-email login throttling, against password guessing on one account.
 *
 * Limits: at most MAX_LOGIN_FAILURES (5) failed logins per email in a fixed window of
 * LOGIN_WINDOW_SECONDS (15 minutes) that opens at the first failure. Once they are used
 * up, every login for that email answers 429 with `retry-after` until the window ends —
 * even with the right password, or a guesser could keep testing passwords and learn the
 * right one from the answer changing. A successful login clears the counter. Unknown
 * emails are counted alike, so the throttle does not reveal which emails exist.
 * (API Gateway stage and method throttling limit request rates per client on top.)
 *
 * The counter is one item per email (`keys.loginFailures`). Each attempt is reserved
 * *before* the password is checked, with the limit in the write's condition: a burst of
 * concurrent guesses gets at most five tries, which a read-then-count check would not
 * promise. An attempt counts as a failure until it succeeds and clears the counter.
 * TTL removes stale items eventually (DynamoDB's TTL may lag for days, so the window is
 * also checked in every condition).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';

export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** One round loses only to a concurrent attempt that opened the window first; the next round counts in it. */
const MAX_RESERVE_ROUNDS = 3;

export type LoginAttempt = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

const epochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

/** Counts one attempt in the current window; the old item when the window is full or missing. */
async function countInWindow(
  email: string,
  nowSeconds: number,
): Promise<{ counted: true } | { counted: false; old: Record<string, unknown> | undefined }> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.loginFailures(email),
        UpdateExpression: 'ADD failures :one',
        ConditionExpression: 'windowStartEpochSeconds > :cutoff AND failures < :max',
        ExpressionAttributeValues: { ':one': 1, ':cutoff': nowSeconds - LOGIN_WINDOW_SECONDS, ':max': MAX_LOGIN_FAILURES },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { counted: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { counted: false, old: error.Item ? unmarshall(error.Item) : undefined };
  }
}

/** Opens a new window holding this attempt, unless a current window exists. */
async function openWindow(email: string, nowSeconds: number): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          ...keys.loginFailures(email),
          type: 'loginFailures',
          failures: 1,
          windowStartEpochSeconds: nowSeconds,
          expiresAtEpochSeconds: nowSeconds + LOGIN_WINDOW_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR windowStartEpochSeconds <= :cutoff',
        ExpressionAttributeValues: { ':cutoff': nowSeconds - LOGIN_WINDOW_SECONDS },
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}

/** Call before checking the password; `ok: false` means answer 429 with `retry-after`. */
export async function reserveLoginAttempt(email: string, now: Date = new Date()): Promise<LoginAttempt> {
  const nowSeconds = epochSeconds(now);
  for (let round = 0; round < MAX_RESERVE_ROUNDS; round += 1) {
    const counted = await countInWindow(email, nowSeconds);
    if (counted.counted) return { ok: true };
    const windowStart = Number(counted.old?.windowStartEpochSeconds ?? Number.NaN);
    const windowEnd = windowStart + LOGIN_WINDOW_SECONDS;
    if (windowEnd > nowSeconds) return { ok: false, retryAfterSeconds: windowEnd - nowSeconds };
    if (await openWindow(email, nowSeconds)) return { ok: true };
  }
  // Only reachable under pathological contention on one email: refuse briefly rather than guess.
  return { ok: false, retryAfterSeconds: 1 };
}

/** After a successful login: the email starts with a clean slate. */
export async function clearLoginAttempts(email: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.loginFailures(email) }));
}
