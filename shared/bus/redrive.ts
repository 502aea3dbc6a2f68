/**
 * Moving a queue's dead letters back after a fix. Each message is sent to the main
 * queue (keeping its FIFO group, with a fresh deduplication id so SQS does not drop it
 * as a duplicate of its first delivery) and only then deleted from the DLQ. A dead letter
 * with no group of its own (an event EventBridge could not deliver) takes the group its rule
 * would have given it, read from the body. A DLQ with nowhere to go back to (a schedule's
 * missed ticks) is emptied instead.
 *
 * One call is bounded by a message count and by a deadline, so it ends inside the HTTP
 * request that asked for it; the caller learns whether to call again.
 */

import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqs as defaultClient } from './queues';

/** Bound on one redrive call; call again for more. */
export const MAX_REDRIVE_MESSAGES = 1_000;
/** SQS ReceiveMessage returns at most 10 messages. */
const RECEIVE_BATCH_SIZE = 10;

export interface RedriveTarget {
  readonly dlqUrl: string;
  /** Where the messages go; absent: they are deleted (their work is done by the next run). */
  readonly queueUrl?: string;
  /** Whether `queueUrl` is a FIFO queue. */
  readonly fifo: boolean;
}

/** SQS needs a group for every FIFO message; a FIFO dead letter keeps the one it had. */
const FALLBACK_GROUP = 'redrive';

const groupOf = (message: Message): string => message.Attributes?.MessageGroupId ?? FALLBACK_GROUP;

export interface RedriveLimits {
  /** No new batch is received after this instant; the batch in hand is finished first. */
  readonly deadlineEpochMs: number;
  readonly now?: () => number;
}

export interface RedriveResult {
  /** Messages taken out of the DLQ: sent back, or deleted when there is nowhere to send them. */
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
      if (target.queueUrl !== undefined) {
        await client.send(
          new SendMessageCommand({
            QueueUrl: target.queueUrl,
            MessageBody: message.Body ?? '',
            ...(target.fifo ? { MessageGroupId: groupOf(message), MessageDeduplicationId: randomUUID() } : {}),
          }),
        );
      }
      await client.send(new DeleteMessageCommand({ QueueUrl: target.dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      moved += 1;
    }
  }
  return { moved, hasMore: true };
}
