/**
 * Reading every item a query matches, page after page, through the SDK's own paginator
 * (`paginateQuery`), for the reads that need a whole set rather than one page of a list:
 * a group's members, an export, the templates due today.
 */
import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from './client';

/** Every item `input` matches, in order, stopping once `max` are read. */
export async function queryAll<T>(input: QueryCommandInput, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginateQuery({ client: documentClient }, input)) {
    items.push(...((page.Items ?? []) as T[]));
    if (items.length >= max) break;
  }
  return items.slice(0, max);
}

/** Every item of one partition of the main table whose sort key starts with `prefix`, read consistently. */
export const queryPrefixAll = <T>(pk: string, prefix: string, max?: number): Promise<T[]> =>
  queryAll<T>(
    {
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: true,
    },
    max,
  );
