/**
 * List pagination as API.md defines it: `?limit=` (1–100, default 25) and an opaque
 * `?cursor=` (the DynamoDB LastEvaluatedKey, base64url JSON). A cursor that does not
 * decode, or points into another partition than the one being listed, is a 400.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ListQuery } from '../http/list-query';
import { validationError } from '../http/problem';
import { batchGetConsistent, foundItem } from './batch-get';
import { documentClient, mainTableName } from './client';
import type { Key } from './keys';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined, partition: { name: string; value: string }): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const isFlatObject =
      key !== null &&
      typeof key === 'object' &&
      !Array.isArray(key) &&
      Object.values(key).every((v) => typeof v === 'string' || typeof v === 'number');
    if (isFlatObject && (key as Record<string, unknown>)[partition.name] === partition.value) {
      return key as Record<string, unknown>;
    }
  } catch {
    // fall through to the 400 below
  }
  throw validationError('The cursor is not valid for this list.', [{ path: 'cursor', message: 'invalid cursor' }]);
}

/**
 * Queries one partition newest-first (ScanIndexForward false) and maps each item.
 * `input` names the table, index and key condition; `partition` is the partition key
 * attribute and value the cursor must belong to.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  partition: { name: string; value: string },
  query: ListQuery,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const result = await documentClient.send(
    new QueryCommand({
      ScanIndexForward: false,
      ...input,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, partition),
    }),
  );
  return { items: (result.Items ?? []).map(map), nextCursor: encodeCursor(result.LastEvaluatedKey) };
}

/**
 * One page of an owner's list on GSI1 (`gsi1pk` = the list), newest first. The index
 * projects keys only (see the manifest), so the page's items are then read from the table,
 * strongly consistent, in one BatchGetItem. `itemKey` names the table item to read for an
 * index entry (by default the entry's own item); an item deleted in between is left out.
 */
export async function queryListPage<T>(
  list: string,
  query: ListQuery,
  map: (item: Record<string, unknown>) => T,
  itemKey: (entry: Key) => Key = (entry) => entry,
): Promise<Page<T>> {
  const page = await queryPage(
    { TableName: mainTableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': list } },
    { name: 'gsi1pk', value: list },
    query,
    (entry) => itemKey({ pk: String(entry.pk), sk: String(entry.sk) }),
  );
  const found = await batchGetConsistent(page.items);
  const items = page.items.flatMap((key) => {
    const item = foundItem(found, key);
    return item ? [map(item)] : [];
  });
  return { items, nextCursor: page.nextCursor };
}

/** One page of the items of partition `pk` whose sort key starts with `prefix`. */
export function queryPrefixPage<T>(
  pk: string,
  prefix: string,
  query: ListQuery,
  options: { newestFirst: boolean },
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  return queryPage(
    {
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: !options.newestFirst,
      ConsistentRead: true,
    },
    { name: 'pk', value: pk },
    query,
    map,
  );
}
