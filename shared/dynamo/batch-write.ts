/**
 * BatchWriteItem for any number of puts and deletes: chunks of 25 (its limit), and what
 * DynamoDB reports as unprocessed (it does not throw for those, e.g. under throttling) is
 * sent again after a jittered exponential pause, a bounded number of times before giving up loudly.
 */
import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../aws/backoff';
import { documentClient } from './client';

export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** BatchWriteItem limit: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html */
export const MAX_BATCH_WRITE_REQUESTS = 25;
/** Rounds of retrying UnprocessedItems before giving up loudly. */
const MAX_UNPROCESSED_RETRIES = 5;
const UNPROCESSED_BACKOFF_MS = 50;

export async function batchWriteAll(table: string, requests: readonly WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += MAX_BATCH_WRITE_REQUESTS) {
    let pending = requests.slice(i, i + MAX_BATCH_WRITE_REQUESTS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_UNPROCESSED_RETRIES) throw new Error(`${table}: ${pending.length} writes still unprocessed after retries`);
      if (attempt > 0) await backoff(attempt, UNPROCESSED_BACKOFF_MS);
      const result = await documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = result.UnprocessedItems?.[table] ?? [];
    }
  }
}
