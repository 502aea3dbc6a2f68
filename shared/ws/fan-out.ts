/**
 * Fan-out of one outcome event to every subscriber of the topics it touches. It needs
 * no domain knowledge: producers list the topics in `detail.topics`. Posts run
 * concurrently with a bound; a gone client (410) has its connection deleted; any other
 * failure is logged and skipped, so one bad connection never fails the batch.
 *
 * Each topic that has subscribers draws the event's `seq` from its counter before any post,
 * so every subscriber of a topic gets the same number for the same push. A topic nobody
 * listens to draws none (no write for an event no one is told of): numbers count pushes,
 * and a client that connects later re-reads rather than trusting the first number it sees.
 */
import type { BusEvent } from '../../events/contract';
import { logger } from '../observability/logger';
import { deleteConnection, nextSeq, type Subscriber, subscribersOf } from './connections';
import type { Push } from './messages';
import { type PostOutcome, postToConnection } from './post';

/** Bound on concurrent `@connections` posts per event: keeps sockets and API Gateway's rate in check. */
export const MAX_CONCURRENT_POSTS = 20;
/** Envelope fields describe delivery, not the fact; clients get the rest as `data`. */
const ENVELOPE_FIELDS = new Set(['version', 'messageGroupId', 'topics', 'eventId']);

/** Runs tasks with at most `limit` in flight (a few lines; not worth a dependency). */
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

/**
 * The push for one subscriber. `event.id` is the producer's stable `eventId`
 * (`<id>:<status>`), so a redelivered outcome carries the same id and clients can
 * drop duplicates; the EventBridge id (new on every re-publish) is the fallback.
 */
export function pushFor(event: BusEvent, clientTopic: string, seq: number): Push {
  const detail = event.detail;
  const data = Object.fromEntries(Object.entries(detail).filter(([key]) => !ENVELOPE_FIELDS.has(key)));
  return {
    type: 'event',
    topic: clientTopic,
    seq,
    event: {
      id: typeof detail.eventId === 'string' ? detail.eventId : event.id,
      type: event['detail-type'],
      occurredAt: typeof detail.occurredAt === 'string' ? detail.occurredAt : event.time,
      data,
    },
  };
}

export function topicsOf(event: BusEvent): string[] {
  const topics = Array.isArray(event.detail.topics) ? (event.detail.topics as unknown[]) : [];
  return [...new Set(topics.filter((t): t is string => typeof t === 'string'))];
}

export interface FanOutDeps {
  readonly subscribersOf: (topic: string) => Promise<readonly Subscriber[]>;
  /** The topic's next push number (an atomic counter). */
  readonly nextSeq: (topic: string) => Promise<number>;
  readonly post: (connectionId: string, message: Push) => Promise<PostOutcome>;
  readonly deleteConnection: (connectionId: string) => Promise<void>;
}

/**
 * A topic's lookup already on its way is shared rather than made again: a batch's records run
 * at once and many name the same topic (a user's, paying between their own accounts). A record
 * that joins a lookup sees subscribers as of a few milliseconds earlier, well inside how far
 * the byTopic index (eventually consistent) may lag anyway. (A few lines; not worth a dependency.)
 */
export function coalesced<T>(lookup: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key) => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = lookup(key).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}

const defaultDeps: FanOutDeps = {
  subscribersOf: coalesced((topic) => subscribersOf(topic)),
  nextSeq,
  post: (connectionId, message) => postToConnection(connectionId, message),
  deleteConnection,
};

export interface FanOutResult {
  readonly sent: number;
  readonly gone: number;
  readonly failed: number;
}

async function deliver(event: BusEvent, subscriber: Subscriber, seq: number, deps: FanOutDeps, deleted: Set<string>): Promise<PostOutcome> {
  const { connectionId } = subscriber;
  let outcome: PostOutcome;
  try {
    outcome = await deps.post(connectionId, pushFor(event, subscriber.clientTopic, seq));
  } catch (error) {
    outcome = 'failed';
    logger.warn('push failed; skipping this connection', { connectionId, error: error as Error });
  }
  if (outcome === 'gone' && !deleted.has(connectionId)) {
    // The receiver is gone, not the event: delete THAT connection (once) and carry on.
    deleted.add(connectionId);
    await deps
      .deleteConnection(connectionId)
      .catch((error: Error) => logger.warn('could not delete a gone connection; TTL will', { connectionId, error }));
  }
  return outcome;
}

/** A topic's subscribers and the number this event's push carries on it. */
async function numberedSubscribers(topic: string, deps: FanOutDeps): Promise<{ subscriber: Subscriber; seq: number }[]> {
  const subscribers = await deps.subscribersOf(topic);
  if (subscribers.length === 0) return [];
  const seq = await deps.nextSeq(topic);
  return subscribers.map((subscriber) => ({ subscriber, seq }));
}

/**
 * Throws only when subscribers cannot be looked up or numbered (the record is retried then,
 * and a retried push draws a new number: clients drop the duplicate by `event.id`);
 * per-connection failures are counted, never thrown.
 */
export async function fanOut(event: BusEvent, deps: FanOutDeps = defaultDeps): Promise<FanOutResult> {
  const deliveries = (await Promise.all(topicsOf(event).map((topic) => numberedSubscribers(topic, deps)))).flat();
  const deleted = new Set<string>();
  const outcomes = await runBounded(
    deliveries.map(
      ({ subscriber, seq }) =>
        () =>
          deliver(event, subscriber, seq, deps, deleted),
    ),
    MAX_CONCURRENT_POSTS,
  );
  const count = (outcome: PostOutcome) => outcomes.filter((o) => o === outcome).length;
  return { sent: count('sent'), gone: count('gone'), failed: count('failed') };
}
