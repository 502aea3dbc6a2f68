/**
 * Publishes domain events (outcomes) to the EventBridge bus.
 *
 * PutEvents takes at most 10 entries and reports partial failure through
 * `FailedEntryCount` and per-entry `ErrorCode` instead of throwing, so we send in
 * chunks of 10 and retry only the failed entries, with jittered backoff.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../../events/contract';
import { resources } from '../../manifest/resources';
import { backoff } from '../aws/backoff';
import { requireEnv } from '../config/env';

/** PutEvents limit: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html */
export const MAX_ENTRIES_PER_PUT = 10;
/** Attempts per entry before the publish fails (the message is then delivered again, and its outcome re-published). */
export const MAX_PUBLISH_ATTEMPTS = 4;
const BASE_BACKOFF_MS = 25;

export { EVENT_SOURCE } from '../../events/contract';

import { EVENT_SOURCE } from '../../events/contract';

/**
 * `cacheMiddleware`: the SDK resolves a command's middleware stack once instead of on every
 * call (under load, about a twentieth of the local runtime's CPU went to resolving stacks).
 * The DynamoDB client cannot have it: lib-dynamodb's document client refuses a parent that caches.
 */
export const eventBridge = new EventBridgeClient({ maxAttempts: 3, cacheMiddleware: true });

export const busName = (): string => requireEnv(resources.busEnvVar);

export class PublishError extends Error {
  constructor(readonly failed: number) {
    super(`PutEvents failed for ${failed} entries after ${MAX_PUBLISH_ATTEMPTS} attempts`);
    this.name = 'PublishError';
  }
}

function toEntry(event: DomainEvent, bus: string): PutEventsRequestEntry {
  return { EventBusName: bus, Source: EVENT_SOURCE, DetailType: event.type, Detail: JSON.stringify(event.detail) };
}

async function putChunk(entries: PutEventsRequestEntry[], client: EventBridgeClient): Promise<void> {
  let pending = entries;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const result = await client.send(new PutEventsCommand({ Entries: pending }));
    if (!result.FailedEntryCount) return;
    pending = pending.filter((_, i) => result.Entries?.[i]?.ErrorCode !== undefined || !result.Entries?.[i]?.EventId);
    if (attempt >= MAX_PUBLISH_ATTEMPTS) throw new PublishError(pending.length);
    await backoff(attempt, BASE_BACKOFF_MS);
  }
}

export async function publish(events: readonly DomainEvent[], client: EventBridgeClient = eventBridge): Promise<void> {
  const bus = busName();
  const entries = events.map((e) => toEntry(e, bus));
  for (let i = 0; i < entries.length; i += MAX_ENTRIES_PER_PUT) {
    await putChunk(entries.slice(i, i + MAX_ENTRIES_PER_PUT), client);
  }
}
