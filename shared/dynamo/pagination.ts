/**
 * List pagination as API.md defines it: `?limit=` (1–100, default 25) and an opaque
 * `?cursor=` (the DynamoDB LastEvaluatedKey, base64url JSON). A cursor that does not
 * decode, or is not a key of the list being read, is a 400.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { invalid } from '../domain/errors';
import type { ListQuery } from '../http/list-query';
import { batchGetConsistent, foundItem } from './batch-get';
import { documentClient, mainTableName } from './client';
import { INDEXES, type Key } from './keys';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/** What every cursor of one list looks like: exactly these key attributes, all strings. */
export interface CursorShape {
  readonly attributes: readonly string[];
  /** The partition being listed: the cursor must point into it. */
  readonly partition: { readonly name: string; readonly value: string };
  /** A sort key the list's key condition bounds to a prefix: the cursor must stay inside it. */
  readonly sortPrefix?: { readonly name: string; readonly value: string };
}

/** DynamoDB's limit on a sort key, the shorter of the two key limits. */
const MAX_KEY_BYTES = 1024;

function parseCursor(cursor: string): Record<string, unknown> | undefined {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return key !== null && typeof key === 'object' && !Array.isArray(key) ? (key as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const fits = (key: Record<string, unknown>, shape: CursorShape): key is Record<string, string> =>
  Object.keys(key).length === shape.attributes.length &&
  shape.attributes.every((name) => typeof key[name] === 'string' && Buffer.byteLength(key[name]) <= MAX_KEY_BYTES) &&
  key[shape.partition.name] === shape.partition.value &&
  (shape.sortPrefix === undefined || (key[shape.sortPrefix.name] as string).startsWith(shape.sortPrefix.value));

/** The ExclusiveStartKey a cursor stands for; anything DynamoDB would refuse for this list is a 400 here. */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor);
  if (key && fits(key, shape)) return key;
  throw invalid('The cursor is not valid for this list.', [{ path: 'cursor', message: 'invalid cursor' }]);
}

/**
 * Queries one partition newest-first (ScanIndexForward false) and maps each item.
 * `input` names the table, index and key condition; `cursor` is the shape its cursors have.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  cursor: CursorShape,
  query: ListQuery,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const result = await documentClient.send(
    new QueryCommand({
      ScanIndexForward: false,
      ...input,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, cursor),
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
    {
      TableName: mainTableName(),
      IndexName: INDEXES.byOwner,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': list },
    },
    // A GSI's LastEvaluatedKey holds the index key and the table key.
    { attributes: ['gsi1pk', 'gsi1sk', 'pk', 'sk'], partition: { name: 'gsi1pk', value: list } },
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
    { attributes: ['pk', 'sk'], partition: { name: 'pk', value: pk }, sortPrefix: { name: 'sk', value: prefix } },
    query,
    map,
  );
}
