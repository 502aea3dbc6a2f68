/**
 * Accepting a command: the PENDING record and the idempotency record are written in
 * ONE transaction, then its queue message is sent straight to the FIFO queue, in the
 * message group of the aggregate its first step writes.
 *
 * - Same user + same key + same request within 24 h → the original response, nothing
 *   written again; a still-PENDING record gets its message sent again (the client's retry
 *   closes the write-then-send gap; the sweeper closes it otherwise).
 * - Same key, different request → 409 `idempotency-key-reused`.
 * - Two identical requests racing: one transaction wins, the other is cancelled on the
 *   idempotency record's condition and replays the winner's response.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { OutgoingMessage } from '../../events/contract';
import { sendMessages } from '../bus/queues';
import { DomainError } from '../domain/errors';
import { documentClient, mainTableName, readNumber } from '../dynamo/client';
import { type Key, keys, pendingIndexAttributes } from '../dynamo/keys';
import { type CancelledItem, type TransactItem, type TransactOutcome, transactWrite, withOldOnFailure } from '../dynamo/transact';
import { correlateWith } from '../observability/correlation';
import { logger } from '../observability/logger';
import { commandAccepted } from '../observability/metrics';

/** How long an idempotency key is remembered (API.md: 24 h). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** A command's answer as plain data: the HTTP edge (shared/http/handler.ts) renders it. */
export interface CommandResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface AcceptCommandInput {
  readonly userId: string;
  readonly idempotencyKey: string | undefined;
  /** What identifies "the same request": the route contract's identity, path parameters and parsed body. */
  readonly request: unknown;
  /** The item to create (must not exist yet). Needs `id` and `createdAt` when a message is given. */
  readonly record: Key & Record<string, unknown>;
  /** The queue message of an async command (202); absent for synchronous creates (201). */
  readonly message?: OutgoingMessage;
  readonly extraItems?: readonly TransactItem[];
  readonly response: CommandResponse;
  /** Maps a failed condition on `record` or an extra item to a client error (e.g. duplicate sku → 409). */
  readonly onConflict?: (cancelled: readonly CancelledItem[]) => Error;
  /** How long the idempotency record is kept; default IDEMPOTENCY_TTL_SECONDS (API.md: 24 h). */
  readonly idempotencyTtlSeconds?: number;
  readonly now?: Date;
}

/** Deterministic JSON (sorted keys) so equal requests hash equally whatever the key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const requestHash = (request: unknown): string => createHash('sha256').update(stableStringify(request)).digest('base64url');

/** The metric's `Kind`, as the sagas report completions: a transfer's own kind (deposit, withdrawal, …), else the message's noun. */
const metricKind = (record: Record<string, unknown>, message: OutgoingMessage): string =>
  typeof record.kind === 'string' ? record.kind : message.body.type.replace(/Requested$/, '').replace(/^\w/, (c) => c.toLowerCase());

/** Sends a command's message whose record is already durable (in the sweeper's index). */
export async function sendOrLeaveForSweeper(message: OutgoingMessage, recordKey: Key): Promise<void> {
  try {
    await sendMessages([message]);
  } catch (error) {
    // The PENDING record is durable; the sweeper sends its message again. The client still gets 202.
    logger.warn('send failed; the sweeper will send it again', { recordKey, error: error as Error });
  }
}

/** The message a record in the sweeper's index waits on (`requestedMessage`, JSON). */
export const requestedMessageOf = (item: Record<string, unknown> | undefined): OutgoingMessage | undefined =>
  typeof item?.requestedMessage === 'string' ? (JSON.parse(item.requestedMessage) as OutgoingMessage) : undefined;

async function replay(stored: Record<string, unknown>): Promise<CommandResponse> {
  const resourceKey = { pk: String(stored.resourcePk), sk: String(stored.resourceSk) };
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: resourceKey, ConsistentRead: true }));
  const message = Item?.status === 'PENDING' ? requestedMessageOf(Item) : undefined;
  if (message) await sendOrLeaveForSweeper(message, resourceKey);
  // Stored as the JSON text first sent (and `statusCode`), so records written before now replay alike.
  return {
    status: Number(stored.statusCode),
    headers: (stored.headers as Record<string, string>) ?? {},
    body: JSON.parse(String(stored.body)),
  };
}

/**
 * The answer already given to this user's key, when a command's checks read state that the
 * command itself changes (a settlement's bound shrinks once it is accepted): a retry must be
 * answered as the first time, not judged again. Undefined when the key is new or expired.
 */
export async function earlierAnswer(
  userId: string,
  idempotencyKey: string | undefined,
  request: unknown,
  now = new Date(),
): Promise<CommandResponse | undefined> {
  if (!idempotencyKey) return undefined;
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.idempotency(userId, idempotencyKey), ConsistentRead: true }),
  );
  if (!Item || Number(Item.expiresAtEpochSeconds) < Math.floor(now.getTime() / 1000)) return undefined;
  if (Item.requestHash !== requestHash(request)) {
    throw new DomainError('idempotency-key-reused', 'This idempotency-key was already used with a different request.');
  }
  return replay(Item);
}

function pendingAttributes(input: AcceptCommandInput): Record<string, unknown> {
  if (!input.message) return {};
  const { id, createdAt } = input.record;
  if (typeof id !== 'string' || typeof createdAt !== 'string') {
    throw new Error('Invariant: an async command record has string id and createdAt');
  }
  return { ...pendingIndexAttributes(id, createdAt), requestedMessage: JSON.stringify(input.message) };
}

/** A lone item needs no transaction: a conditional PutItem costs half the write units. */
async function conditionalPut(item: TransactItem): Promise<TransactOutcome> {
  const put = item.Put as NonNullable<TransactItem['Put']>;
  try {
    await documentClient.send(new PutCommand({ ...put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    return { ok: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const old = error.Item ? unmarshall(error.Item, { wrapNumbers: readNumber }) : undefined;
    return { ok: false, cancelled: [{ index: 0, code: 'ConditionalCheckFailed', item: old }] };
  }
}

export async function acceptCommand(input: AcceptCommandInput): Promise<CommandResponse> {
  const table = mainTableName();
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const hash = requestHash(input.request);
  const recordItem: TransactItem = {
    Put: {
      TableName: table,
      Item: { ...input.record, ...pendingAttributes(input) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const items: TransactItem[] = [withOldOnFailure(recordItem), ...(input.extraItems ?? []).map(withOldOnFailure)];
  if (input.idempotencyKey) {
    items.unshift(
      withOldOnFailure({
        Put: {
          TableName: table,
          Item: {
            ...keys.idempotency(input.userId, input.idempotencyKey),
            requestHash: hash,
            statusCode: input.response.status,
            body: JSON.stringify(input.response.body),
            headers: input.response.headers ?? {},
            resourcePk: input.record.pk,
            resourceSk: input.record.sk,
            expiresAtEpochSeconds: nowSeconds + (input.idempotencyTtlSeconds ?? IDEMPOTENCY_TTL_SECONDS),
          },
          // DynamoDB TTL deletes lazily (up to days later): an expired record counts as absent.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAtEpochSeconds < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        },
      }),
    );
  }
  // No ClientRequestToken here: each attempt carries a fresh id and timestamp, which the token
  // would reject as a parameter mismatch. The conditional puts are the guard.
  const outcome = items.length === 1 ? await conditionalPut(items[0] as TransactItem) : await transactWrite(items);
  if (!outcome.ok) {
    const idempotencyFailure = input.idempotencyKey ? outcome.cancelled.find((c) => c.index === 0) : undefined;
    if (idempotencyFailure?.item) {
      if (idempotencyFailure.item.requestHash !== hash) {
        throw new DomainError('idempotency-key-reused', 'This idempotency-key was already used with a different request.');
      }
      return replay(idempotencyFailure.item);
    }
    const offset = input.idempotencyKey ? 1 : 0;
    const shifted = outcome.cancelled.map((c) => ({ ...c, index: c.index - offset }));
    if (input.onConflict) throw input.onConflict(shifted);
    throw new Error(`Invariant: command record ${input.record.pk} conflicted: ${JSON.stringify(shifted.map((c) => c.code))}`);
  }
  if (input.message) {
    correlateWith(String(input.record.id));
    logger.debug('command accepted', { type: input.message.body.type, groupId: input.message.groupId });
    commandAccepted(metricKind(input.record, input.message));
    await sendOrLeaveForSweeper(input.message, input.record);
  }
  return { ...input.response, headers: input.response.headers ?? {} };
}
