/**
 * Scheduled sweeper: sends again the queue message of every command still PENDING (or
 * expense deletion still requested) after `thresholdSeconds`. It closes the write-then-send
 * gap (the record was written, the SendMessage was lost) — nothing may stay PENDING
 * forever. Processors are idempotent, and SQS drops a copy sent within 5 minutes of the
 * first (same deduplication id), so sending again a command that is merely slow is harmless.
 *
 * Reads the sparse `pending` GSI shard by shard (only PENDING records carry its keys).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import type { OutgoingMessage } from '../../events/contract';
import { sendMessages } from '../../shared/bus/queues';
import { requestedMessageOf } from '../../shared/commands/accept';
import { optionalEnv } from '../../shared/config/env';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { INDEXES, PENDING_SHARDS, pendingPartition } from '../../shared/dynamo/keys';
import { lambdaEntry } from '../../shared/observability/entry';
import { logger } from '../../shared/observability/logger';

/** Older than this, a PENDING command is presumed lost in transit. */
export const DEFAULT_THRESHOLD_SECONDS = 60;
/** Bound on work per run; the next run picks up the rest. */
export const MAX_RESEND_PER_SHARD = 200;

export interface SweepResult {
  readonly resent: number;
}

/** Re-sends of one command back off exponentially, up to this factor of the threshold. */
export const MAX_BACKOFF_FACTOR = 32;

interface Stuck {
  readonly key: { pk: string; sk: string };
  readonly id: string;
  readonly sweeps: number;
  readonly message: OutgoingMessage;
}

/**
 * Moves a command sent again back in the index with exponential backoff, so a slow
 * but healthy pipeline is not flooded with the same request on every sweep (which would
 * only make the backlog longer).
 */
async function touch(stuck: Stuck, now: Date, thresholdSeconds: number): Promise<void> {
  const delaySeconds = thresholdSeconds * Math.min(MAX_BACKOFF_FACTOR, 2 ** stuck.sweeps);
  const nextIso = new Date(now.getTime() + delaySeconds * 1000).toISOString();
  await documentClient
    .send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: stuck.key,
        UpdateExpression: 'SET pendingSk = :sk ADD sweeps :one',
        // Still in the index: not finished meanwhile (a command left PENDING, a deletion was done).
        ConditionExpression: 'attribute_exists(pendingPk)',
        ExpressionAttributeValues: { ':sk': `${nextIso}#${stuck.id}`, ':one': 1 },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // finished meanwhile: nothing to touch
    });
}

async function sweepShard(shard: number, cutoffIso: string): Promise<Stuck[]> {
  const events: Stuck[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: INDEXES.pending,
        KeyConditionExpression: 'pendingPk = :pk AND pendingSk < :cutoff',
        ExpressionAttributeValues: { ':pk': pendingPartition(shard), ':cutoff': cutoffIso },
        Limit: MAX_RESEND_PER_SHARD - events.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const message = requestedMessageOf(item);
      if (message)
        events.push({ key: { pk: String(item.pk), sk: String(item.sk) }, id: String(item.id), sweeps: Number(item.sweeps ?? 0), message });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && events.length < MAX_RESEND_PER_SHARD);
  return events;
}

/**
 * The message again under a deduplication id of its own: SQS drops a copy of an id it accepted in
 * the last 5 minutes, and the step a record waits on may be one that was delivered (a settlement
 * waits on its transfer's first step long after it ran). Receivers are idempotent, so a copy that
 * gets through does no harm; one that is dropped could leave the command waiting.
 */
export const resendOf = (stuck: Pick<Stuck, 'message' | 'sweeps'>): OutgoingMessage => ({
  groupId: stuck.message.groupId,
  body: { ...stuck.message.body, id: `${stuck.message.body.id}~${stuck.sweeps + 1}` },
});

export async function sweep(now: Date, thresholdSeconds: number): Promise<SweepResult> {
  const cutoffIso = new Date(now.getTime() - thresholdSeconds * 1000).toISOString();
  const shards = Array.from({ length: PENDING_SHARDS }, (_, shard) => sweepShard(shard, cutoffIso));
  const stuck = (await Promise.all(shards)).flat();
  if (stuck.length > 0) {
    await sendMessages(stuck.map(resendOf));
    await Promise.all(stuck.map((s) => touch(s, now, thresholdSeconds)));
    logger.info('sent stuck commands again', { count: stuck.length });
  }
  return { resent: stuck.length };
}

export const handler = lambdaEntry(
  async (_event: ScheduledEvent): Promise<SweepResult> =>
    sweep(new Date(), Number(optionalEnv('SWEEPER_THRESHOLD_SECONDS') ?? DEFAULT_THRESHOLD_SECONDS)),
);
