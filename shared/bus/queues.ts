/**
 * SQS: the client every handler shares, and sending queue messages straight to their FIFO
 * queue in their aggregate's message group (an EventBridge rule cannot give a FIFO target a
 * group per event, so the code that knows the group sends).
 *
 * SendMessageBatch takes at most 10 entries and reports each failed entry in `Failed`
 * instead of throwing, so entries are sent 10 at a time and only the failed ones are sent
 * again, with jittered backoff; an entry the service blames on the sender is not retried.
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import type { OutgoingMessage } from '../../events/contract';
import { queueAccepting } from '../../manifest/resources';
import { backoff } from '../aws/backoff';
import { requireEnv } from '../config/env';

/** SendMessageBatch limit: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html */
export const MAX_ENTRIES_PER_SEND = 10;
/** Attempts per entry before the send fails (the sweeper re-sends PENDING work later). */
export const MAX_SEND_ATTEMPTS = 4;
const BASE_BACKOFF_MS = 25;

// Address the configured endpoint, not the host inside a queue URL (local queue URLs name a host that only resolves by convention).
export const sqs = new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: false });

export class SendError extends Error {
  constructor(
    readonly failed: number,
    readonly reason: string,
  ) {
    super(`SendMessageBatch failed for ${failed} entries: ${reason}`);
    this.name = 'SendError';
  }
}

/** The URL of the queue that takes this message type, from the environment the manifest names. */
export const queueUrlFor = (type: string): string => requireEnv(queueAccepting(type).envVar);

const toEntry = (message: OutgoingMessage, index: number): SendMessageBatchRequestEntry => ({
  Id: String(index),
  MessageBody: JSON.stringify(message.body),
  MessageGroupId: message.groupId,
  MessageDeduplicationId: message.body.id,
});

async function sendChunk(queueUrl: string, entries: SendMessageBatchRequestEntry[], client: SQSClient): Promise<void> {
  let pending = entries;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const { Failed = [] } = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
    if (Failed.length === 0) return;
    const senderFault = Failed.find((f) => f.SenderFault);
    if (senderFault) throw new SendError(Failed.length, `${senderFault.Code}: ${senderFault.Message ?? ''}`);
    const failedIds = new Set(Failed.map((f) => f.Id));
    pending = pending.filter((entry) => failedIds.has(entry.Id));
    if (attempt >= MAX_SEND_ATTEMPTS) throw new SendError(pending.length, `still failing after ${MAX_SEND_ATTEMPTS} attempts`);
    await backoff(attempt, BASE_BACKOFF_MS);
  }
}

/** Sends every message to its queue, 10 per call; resolves once all are accepted, throws `SendError` otherwise. */
export async function sendMessages(messages: readonly OutgoingMessage[], client: SQSClient = sqs): Promise<void> {
  const byQueue = new Map<string, SendMessageBatchRequestEntry[]>();
  messages.forEach((message, index) => {
    const url = queueUrlFor(message.body.type);
    byQueue.set(url, [...(byQueue.get(url) ?? []), toEntry(message, index)]);
  });
  await Promise.all(
    [...byQueue].map(async ([url, entries]) => {
      for (let i = 0; i < entries.length; i += MAX_ENTRIES_PER_SEND)
        await sendChunk(url, entries.slice(i, i + MAX_ENTRIES_PER_SEND), client);
    }),
  );
}
