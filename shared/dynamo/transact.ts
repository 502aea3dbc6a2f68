/**
 * TransactWriteItems with the two things every caller needs:
 * - retries with jittered exponential backoff on TransactionConflict and throttling
 *   (the SDK does not retry a TransactionCanceledException), bounded by MAX_ATTEMPTS;
 * - business outcomes from the cancellation reasons (which item's condition failed,
 *   with the item as it was), so callers never pre-read to decide.
 *
 * `clientRequestToken` makes SDK-level retries of one attempt idempotent for 10
 * minutes; derive it from the request, never randomly. It is not the real guard:
 * the PENDING → terminal condition is.
 */
import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { backoff } from '../aws/backoff';
import { documentClient, readNumber } from './client';

export const MAX_TRANSACT_ATTEMPTS = 6;
const BASE_BACKOFF_MS = 20;
/** TransactWriteItems limit: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html */
export const MAX_TRANSACT_ITEMS = 100;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface CancelledItem {
  readonly index: number;
  readonly code: string;
  /** The item as it was when its condition failed (ReturnValuesOnConditionCheckFailure ALL_OLD). */
  readonly item: Record<string, unknown> | undefined;
}

export type TransactOutcome = { readonly ok: true } | { readonly ok: false; readonly cancelled: readonly CancelledItem[] };

export class TransactRetriesExhausted extends Error {
  constructor(readonly lastError: unknown) {
    super(`TransactWriteItems still conflicting or throttled after ${MAX_TRANSACT_ATTEMPTS} attempts`);
    this.name = 'TransactRetriesExhausted';
  }
}

const RETRYABLE_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);
const RETRYABLE_ERRORS = new Set([
  'TransactionInProgressException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);

function cancelledItems(reasons: readonly CancellationReason[]): CancelledItem[] {
  return reasons.flatMap((reason, index) =>
    reason.Code && reason.Code !== 'None'
      ? [{ index, code: reason.Code, item: reason.Item ? unmarshall(reason.Item, { wrapNumbers: readNumber }) : undefined }]
      : [],
  );
}

function isRetryable(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => RETRYABLE_REASONS.has(r.Code ?? ''));
  }
  return error instanceof Error && RETRYABLE_ERRORS.has(error.name);
}

export async function transactWrite(
  items: readonly TransactItem[],
  options: { clientRequestToken?: string; client?: typeof documentClient } = {},
): Promise<TransactOutcome> {
  if (items.length === 0 || items.length > MAX_TRANSACT_ITEMS) {
    throw new Error(`Invariant: a transaction holds 1..${MAX_TRANSACT_ITEMS} items, got ${items.length}`);
  }
  const client = options.client ?? documentClient;
  let lastError: unknown;
  for (let attempt = 0; attempt < MAX_TRANSACT_ATTEMPTS; attempt += 1) {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: items as TransactItem[],
          ...(options.clientRequestToken ? { ClientRequestToken: options.clientRequestToken } : {}),
        }),
      );
      return { ok: true };
    } catch (error) {
      if (!isRetryable(error)) {
        if (error instanceof TransactionCanceledException) {
          return { ok: false, cancelled: cancelledItems(error.CancellationReasons ?? []) };
        }
        throw error;
      }
      lastError = error;
      await backoff(attempt, BASE_BACKOFF_MS);
    }
  }
  throw new TransactRetriesExhausted(lastError);
}

/** Adds ALL_OLD on condition failure so cancellation reasons carry the item. */
export function withOldOnFailure<T extends TransactItem>(item: T): T {
  const [kind, body] = Object.entries(item)[0] as [string, Record<string, unknown>];
  return { [kind]: { ...body, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as T;
}
