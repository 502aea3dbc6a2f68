/**
 * Scheduled sweeper: re-publishes the requested-event of every command still PENDING
 * after `thresholdSeconds`. It closes the write-then-publish gap (the record was
 * written, the PutEvents was lost) — nothing may stay PENDING forever. Processors are
 * idempotent, so re-publishing a command that is merely slow is harmless.
 *
 * Reads the sparse `pending` GSI shard by shard (only PENDING records carry its keys).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { type DomainEvent, publish } from '../../shared/bus/publisher';
import { optionalEnv } from '../../shared/config/env';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { PENDING_SHARDS } from '../../shared/dynamo/keys';
import { logger } from '../../shared/http/logger';

/** Older than this, a PENDING command is presumed lost in transit. */
export const DEFAULT_THRESHOLD_SECONDS = 60;
/** Bound on work per run; the next run picks up the rest. */
export const MAX_REPUBLISH_PER_SHARD = 200;

export interface SweepResult {
  readonly republished: number;
}

async function sweepShard(shard: number, cutoffIso: string): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: 'pending',
        KeyConditionExpression: 'pendingPk = :pk AND pendingSk < :cutoff',
        ExpressionAttributeValues: { ':pk': `PENDING#${shard}`, ':cutoff': cutoffIso },
        Limit: MAX_REPUBLISH_PER_SHARD - events.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.requestedEvent === 'string') events.push(JSON.parse(item.requestedEvent) as DomainEvent);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && events.length < MAX_REPUBLISH_PER_SHARD);
  return events;
}

export async function sweep(now: Date, thresholdSeconds: number): Promise<SweepResult> {
  const cutoffIso = new Date(now.getTime() - thresholdSeconds * 1000).toISOString();
  const shards = Array.from({ length: PENDING_SHARDS }, (_, shard) => sweepShard(shard, cutoffIso));
  const events = (await Promise.all(shards)).flat();
  if (events.length > 0) {
    await publish(events);
    logger.info('re-published stuck commands', { count: events.length });
  }
  return { republished: events.length };
}

export const handler = async (_event: ScheduledEvent): Promise<SweepResult> =>
  sweep(new Date(), Number(optionalEnv('SWEEPER_THRESHOLD_SECONDS') ?? DEFAULT_THRESHOLD_SECONDS));
