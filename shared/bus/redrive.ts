/**
 * Moving a queue's dead letters back after a fix. Each message is sent to the main
 * queue (keeping its FIFO group, with a fresh deduplication id so SQS does not drop it
 * as a duplicate of its first delivery) and only then deleted from the DLQ.
 *
 * One call is bounded by a message count and by a deadline, so it ends inside the HTTP
 * request that asked for it; the caller learns whether to call again.
 */

import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqs as defaultClient } from './queues';

/** Bound on one redrive call; call again for more. */
export const MAX_REDRIVE_MESSAGES = 1_000;
/** SQS ReceiveMessage returns at most 10 messages. */
const RECEIVE_BATCH_SIZE = 10;

export interface RedriveTarget {
  readonly dlqUrl: string;
  readonly queueUrl: string;
  readonly fifo: boolean;
}

export interface RedriveLimits {
  /** No new batch is received after this instant; the batch in hand is finished first. */
  readonly deadlineEpochMs: number;
  readonly now?: () => number;
}

export interface RedriveResult {
  readonly moved: number;
  /** `true` when the call stopped at a bound before finding the DLQ empty: call again. */
  readonly hasMore: boolean;
}

export async function redrive(target: RedriveTarget, limits: RedriveLimits, client: SQSClient = defaultClient): Promise<RedriveResult> {
  const now = limits.now ?? Date.now;
  let moved = 0;
  while (moved < MAX_REDRIVE_MESSAGES && now() < limits.deadlineEpochMs) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: target.dlqUrl,
        // Never more than the cap leaves room for: a received message that is not moved stays hidden for the visibility timeout.
        MaxNumberOfMessages: Math.min(RECEIVE_BATCH_SIZE, MAX_REDRIVE_MESSAGES - moved),
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    if (Messages.length === 0) return { moved, hasMore: false };
    for (const message of Messages) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: target.queueUrl,
          MessageBody: message.Body ?? '',
          ...(target.fifo ? { MessageGroupId: message.Attributes?.MessageGroupId ?? 'redrive', MessageDeduplicationId: randomUUID() } : {}),
        }),
      );
      await client.send(new DeleteMessageCommand({ QueueUrl: target.dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      moved += 1;
    }
  }
  return { moved, hasMore: true };
}
