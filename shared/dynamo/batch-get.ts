/**
 * Consistent BatchGetItem on the main table that always reads every key: DynamoDB may
 * return some keys as UnprocessedKeys (throttling, response size), and taking those
 * for missing items would, for example, fail a transfer with ACCOUNT_NOT_FOUND.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../aws/backoff';
import { documentClient, mainTableName } from './client';
import type { Key } from './keys';

/** BatchGetItem limit: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html */
export const MAX_BATCH_GET_KEYS = 100;
const MAX_ATTEMPTS = 6;
const BASE_BACKOFF_MS = 20;

const keyOf = (k: Key) => `${k.pk}\u0000${k.sk}`;

/** The items found, by `pk NUL sk`; a key with no item is absent from the map. */
export async function batchGetConsistent(keyList: readonly Key[]): Promise<Map<string, Record<string, unknown>>> {
  const table = mainTableName();
  const unique = [...new Map(keyList.map((k) => [keyOf(k), { pk: k.pk, sk: k.sk }])).values()];
  if (unique.length > MAX_BATCH_GET_KEYS) throw new Error(`Invariant: at most ${MAX_BATCH_GET_KEYS} keys per BatchGetItem`);
  const found = new Map<string, Record<string, unknown>>();
  if (unique.length === 0) return found;
  let pending: Record<string, unknown>[] = unique;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > MAX_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} attempts`);
    if (attempt > 1) await backoff(attempt, BASE_BACKOFF_MS);
    const result = await documentClient.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of result.Responses?.[table] ?? []) found.set(keyOf(item as Key), item);
    pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
  }
  return found;
}

export const foundItem = (found: Map<string, Record<string, unknown>>, key: Key): Record<string, unknown> | undefined =>
  found.get(keyOf(key));
