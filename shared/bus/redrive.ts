/**
 * Moving a queue's dead letters back after a fix. Each message is sent to the main
 * queue (keeping its FIFO group, with a fresh deduplication id so SQS does not drop it
 * as a duplicate of its first delivery) and only then deleted from the DLQ.
 */

import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqs as defaultClient } from './queues';

/** Bound on one redrive call; call again for more. */
export const MAX_REDRIVE_MESSAGES = 1_000;

export interface RedriveTarget {
  readonly dlqUrl: string;
  readonly queueUrl: string;
  readonly fifo: boolean;
}

export async function redrive(target: RedriveTarget, client: SQSClient = defaultClient): Promise<number> {
  let moved = 0;
  while (moved < MAX_REDRIVE_MESSAGES) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: target.dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    if (Messages.length === 0) break;
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
  return moved;
}
