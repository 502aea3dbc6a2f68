/**
 * Fan-out of one outcome event to every subscriber of the topics it touches. Posts run
 * concurrently with a bound; a gone client (410) has its connection deleted; any other
 * failure is logged and skipped, so one bad connection never fails the batch.
 */
import type { BusEvent } from '../../events/contract';
import { logger } from '../http/logger';
import { deleteConnection, subscribersOf } from './connections';
import { type PostOutcome, postToConnection } from './post';

/** Bound on concurrent @connections posts per event. */
export const MAX_CONCURRENT_POSTS = 20;
const ENVELOPE_FIELDS = new Set(['version', 'messageGroupId', 'topics', 'eventId']);

export interface Push {
  readonly type: 'event';
  readonly topic: string;
  readonly event: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
}

/** Runs tasks with at most `limit` in flight (a dozen lines; no dependency needed). */
export async function runBounded<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export function pushFor(event: BusEvent, clientTopic: string): Push {
  const detail = event.detail;
  const data = Object.fromEntries(Object.entries(detail).filter(([k]) => !ENVELOPE_FIELDS.has(k)));
  return {
    type: 'event',
    topic: clientTopic,
    event: {
      id: typeof detail.eventId === 'string' ? detail.eventId : event.id,
      type: event['detail-type'],
      occurredAt: typeof detail.occurredAt === 'string' ? detail.occurredAt : event.time,
      data,
    },
  };
}

export interface FanOutDeps {
  readonly subscribersOf: typeof subscribersOf;
  readonly post: (connectionId: string, message: unknown) => Promise<PostOutcome>;
  readonly deleteConnection: (connectionId: string) => Promise<void>;
}

const defaultDeps: FanOutDeps = { subscribersOf, post: (id, m) => postToConnection(id, m), deleteConnection };

export async function fanOut(event: BusEvent, deps: FanOutDeps = defaultDeps): Promise<{ sent: number; gone: number; failed: number }> {
  const topics = Array.isArray(event.detail.topics)
    ? (event.detail.topics as unknown[]).filter((t): t is string => typeof t === 'string')
    : [];
  const subscriptions = (await Promise.all(topics.map((topic) => deps.subscribersOf(topic)))).flat();
  const outcomes = await runBounded(
    subscriptions.map((s) => async () => {
      const outcome = await deps.post(s.connectionId, pushFor(event, s.clientTopic));
      if (outcome === 'gone') await deps.deleteConnection(s.connectionId).catch(() => undefined);
      if (outcome === 'failed') logger.warn('push failed; skipping this connection', { connectionId: s.connectionId });
      return outcome;
    }),
    MAX_CONCURRENT_POSTS,
  );
  return {
    sent: outcomes.filter((o) => o === 'sent').length,
    gone: outcomes.filter((o) => o === 'gone').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  };
}
