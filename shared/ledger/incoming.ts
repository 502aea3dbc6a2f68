/**
 * Money on its way to an account and not yet applied: the commands listed under it in the
 * sparse `incoming` index (a credit or refund waiting in the account's FIFO group), summed.
 * The index is eventually consistent, as befits a figure that is only on its way.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { toMinor } from '../domain/money';
import { documentClient, mainTableName } from '../dynamo/client';
import { INDEXES, incomingPartition } from '../dynamo/keys';

/** Bound on index pages read for one account (each up to 1 MB, thousands of commands). */
export const MAX_INCOMING_PAGES = 10;

export async function incomingMinor(accountId: string, currency: string): Promise<bigint> {
  let total = 0n;
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < MAX_INCOMING_PAGES; page += 1) {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: INDEXES.incoming,
        KeyConditionExpression: 'incomingPk = :pk',
        ExpressionAttributeValues: { ':pk': incomingPartition(accountId) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) if (item.currency === currency) total += toMinor(item.inFlightMinor);
    startKey = result.LastEvaluatedKey;
    if (!startKey) break;
  }
  return total;
}
