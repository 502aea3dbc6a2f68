/**
 * Per-email login throttling: after MAX_FAILURES failed logins within WINDOW_SECONDS,
 * further logins for that email answer 429 until the window passes (even with the
 * right password), which slows down password guessing against one account. API Gateway
 * stage and method throttling limits request rates per client on top of this.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';

export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 15 * 60;

const nowSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

/** Seconds until logins are allowed again, or 0. */
export async function lockedForSeconds(email: string, now: Date = new Date()): Promise<number> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.loginFailures(email), ConsistentRead: true }),
  );
  if (!Item) return 0;
  const windowEnds = Number(Item.windowStartEpochSeconds) + WINDOW_SECONDS;
  const remaining = windowEnds - nowSeconds(now);
  return Number(Item.failures) >= MAX_FAILURES && remaining > 0 ? remaining : 0;
}

export async function recordFailure(email: string, now: Date = new Date()): Promise<void> {
  const table = mainTableName();
  const key = keys.loginFailures(email);
  const current = nowSeconds(now);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'ADD failures :one',
        ConditionExpression: 'windowStartEpochSeconds > :cutoff',
        ExpressionAttributeValues: { ':one': 1, ':cutoff': current - WINDOW_SECONDS },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // No window or an old one: start a new window.
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: { ...key, failures: 1, windowStartEpochSeconds: current, expiresAtEpochSeconds: current + WINDOW_SECONDS },
      }),
    );
  }
}

export async function clearFailures(email: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.loginFailures(email) }));
}
