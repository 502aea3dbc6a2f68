import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { MAX_REDRIVE_MESSAGES, redrive } from '../../../shared/bus/redrive';

const target = { dlqUrl: 'dlq', queueUrl: 'queue', fifo: true };

/**
 * A DLQ holding `count` messages, behind a fake SQS client; `tick` runs on every call. Messages
 * keep their FIFO group unless `body` gives them bodies of their own (an event EventBridge dead-lettered).
 */
function fakeSqs(count: number, tick: () => void = () => {}, body?: (i: number) => string) {
  let waiting = Array.from({ length: count }, (_, i) => `m${i}`);
  const sent: string[] = [];
  const groups: (string | undefined)[] = [];
  const client = {
    send: async (command: unknown) => {
      tick();
      if (command instanceof ReceiveMessageCommand) {
        const batch = waiting.slice(0, command.input.MaxNumberOfMessages ?? 1);
        return {
          Messages: batch.map((id) =>
            body
              ? { Body: body(Number(id.slice(1))), ReceiptHandle: id }
              : { Body: id, ReceiptHandle: id, Attributes: { MessageGroupId: 'g' } },
          ),
        };
      }
      if (command instanceof SendMessageCommand) {
        sent.push(command.input.MessageBody ?? '');
        groups.push(command.input.MessageGroupId);
      }
      if (command instanceof DeleteMessageCommand) waiting = waiting.filter((id) => id !== command.input.ReceiptHandle);
      return {};
    },
  } as unknown as SQSClient;
  return { client, sent, groups, remaining: () => waiting.length };
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

  it('keeps the group a FIFO dead letter has', async () => {
    const sqs = fakeSqs(1);
    await redrive(target, { deadlineEpochMs: Date.now() + 60_000 }, sqs.client);
    expect(sqs.groups).toEqual(['g']);
  });

  it('empties a DLQ that has nowhere to send back to (missed schedule ticks), sending nothing', async () => {
    const sqs = fakeSqs(3);
    const result = await redrive({ dlqUrl: 'dlq', fifo: false }, { deadlineEpochMs: Date.now() + 60_000 }, sqs.client);
    expect(result).toEqual({ moved: 3, hasMore: false });
    expect(sqs.sent).toEqual([]);
    expect(sqs.remaining()).toBe(0);
  });
});
