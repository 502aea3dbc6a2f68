import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { MAX_REDRIVE_MESSAGES, redrive } from '../../../shared/bus/redrive';

const target = { dlqUrl: 'dlq', queueUrl: 'queue', fifo: true };

/** A DLQ holding `count` messages, behind a fake SQS client; `tick` runs on every call. */
function fakeSqs(count: number, tick: () => void = () => {}) {
  let waiting = Array.from({ length: count }, (_, i) => `m${i}`);
  const sent: string[] = [];
  const client = {
    send: async (command: unknown) => {
      tick();
      if (command instanceof ReceiveMessageCommand) {
        const batch = waiting.slice(0, command.input.MaxNumberOfMessages ?? 1);
        return { Messages: batch.map((id) => ({ Body: id, ReceiptHandle: id, Attributes: { MessageGroupId: 'g' } })) };
      }
      if (command instanceof SendMessageCommand) sent.push(command.input.MessageBody ?? '');
      if (command instanceof DeleteMessageCommand) waiting = waiting.filter((id) => id !== command.input.ReceiptHandle);
      return {};
    },
  } as unknown as SQSClient;
  return { client, sent, remaining: () => waiting.length };
}

describe('redriving a dead-letter queue', () => {
  it('moves every message and reports none left when the DLQ empties in time', async () => {
    const sqs = fakeSqs(25);
    const result = await redrive(target, { deadlineEpochMs: Date.now() + 60_000 }, sqs.client);
    expect(result).toEqual({ moved: 25, hasMore: false });
    expect(sqs.remaining()).toBe(0);
  });

  it('stops at the deadline after the batch in hand and says more remain', async () => {
    let clockMs = 0;
    // Every SQS call takes 100 ms; the deadline falls inside the second batch.
    const sqs = fakeSqs(50, () => {
      clockMs += 100;
    });
    const result = await redrive(target, { deadlineEpochMs: 2_500, now: () => clockMs }, sqs.client);
    expect(result).toEqual({ moved: 20, hasMore: true });
    expect(sqs.sent).toHaveLength(20);
    expect(sqs.remaining()).toBe(30);
  });

  it('stops at the message cap and says more remain', async () => {
    const sqs = fakeSqs(MAX_REDRIVE_MESSAGES + 5);
    const result = await redrive(target, { deadlineEpochMs: Date.now() + 60_000 }, sqs.client);
    expect(result).toEqual({ moved: MAX_REDRIVE_MESSAGES, hasMore: true });
    expect(sqs.remaining()).toBe(5);
  });

  it('moves nothing once the deadline has passed', async () => {
    const sqs = fakeSqs(3);
    const result = await redrive(target, { deadlineEpochMs: 0, now: () => 1 }, sqs.client);
    expect(result).toEqual({ moved: 0, hasMore: true });
    expect(sqs.remaining()).toBe(3);
  });
});
