import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { manifest, type QueueSpec } from '../../../manifest/manifest';
import { commandProcessor } from '../../../shared/processing/queue-processor';
import { capturingLogs } from '../../support/logs';
import { lambdaContext, sqsEventOf } from '../../support/pipeline';

/** A FIFO batch as Lambda delivers it: records in queue order, each with its message group. */
function fifoBatch(records: [group: string, name: string, receiveCount?: number][]): SQSEvent {
  return {
    Records: records.map(([group, name, receiveCount = 1]): SQSRecord => {
      const record = sqsEventOf({ groupId: group, body: { type: 'TransferRequested', version: 1, id: name, detail: { name } } })
        .Records[0] as SQSRecord;
      return {
        ...record,
        messageId: name,
        attributes: { ...record.attributes, MessageGroupId: group, ApproximateReceiveCount: String(receiveCount) },
      };
    }),
  };
}

const MAX_RECEIVES = (manifest.queues.find((q) => q.name === 'groups') as QueueSpec).maxReceiveCount;

describe('the FIFO queue processor', () => {
  it('runs message groups concurrently and keeps the order within each group', async () => {
    const log: string[] = [];
    // a1 finishes only once b1 has started: run one group after the other and this never ends.
    let b1Started: () => void = () => {};
    const b1 = new Promise<void>((resolve) => {
      b1Started = resolve;
    });
    const handler = commandProcessor({ queue: 'groups' }, async (event) => {
      const name = String(event.detail.name);
      log.push(`start ${name}`);
      if (name === 'b1') b1Started();
      if (name === 'a1') await b1;
      log.push(`end ${name}`);
    });
    const result = await handler(
      fifoBatch([
        ['g1', 'a1'],
        ['g1', 'a2'],
        ['g2', 'b1'],
      ]),
      lambdaContext,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    // g2 does not wait behind g1 ...
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    // ... but within g1, a2 starts only after a1 is done.
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
  });

  it('after a failure returns the rest of that group untouched and lets other groups finish', async () => {
    const done: string[] = [];
    const handler = commandProcessor({ queue: 'groups' }, async (event) => {
      const name = String(event.detail.name);
      if (name === 'a1') throw new Error('a1 cannot be processed yet');
      done.push(name);
    });
    const { value: result, messages } = await capturingLogs('error', () =>
      handler(
        fifoBatch([
          ['g1', 'a1'],
          ['g2', 'b1'],
          ['g1', 'a2'],
          ['g2', 'b2'],
        ]),
        lambdaContext,
      ),
    );
    expect(messages).toEqual(['record failed; it will be retried']);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a1', 'a2']);
    expect(done).toEqual(['b1', 'b2']);
  });

  it('goes on with the rest of a group once a failing message has had its last delivery, which goes to the DLQ alone', async () => {
    // On AWS, the messages behind a failing one come back in every batch with it, so their
    // receive counts climb in step; skipped on the last round, they would follow it to the DLQ unprocessed.
    const done: string[] = [];
    const givenUp: string[] = [];
    const handler = commandProcessor(
      {
        queue: 'groups',
        onGiveUp: async (event) => {
          givenUp.push(String(event.detail.name));
        },
      },
      async (event) => {
        const name = String(event.detail.name);
        if (name === 'a1') throw new Error('a1 can never be processed');
        done.push(name);
      },
    );
    const { value: result, messages } = await capturingLogs('error', () =>
      handler(
        fifoBatch([
          ['g1', 'a1', MAX_RECEIVES],
          ['g1', 'a2', MAX_RECEIVES],
          ['g1', 'a3', MAX_RECEIVES],
        ]),
        lambdaContext,
      ),
    );
    expect(messages).toEqual(['record failed for the last time; it goes to the DLQ']);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['a1']);
    expect(givenUp).toEqual(['a1']);
    expect(done).toEqual(['a2', 'a3']);
  });

  it('still holds the rest of a group back behind a failure that will be retried', async () => {
    const done: string[] = [];
    const handler = commandProcessor({ queue: 'groups' }, async (event) => {
      const name = String(event.detail.name);
      if (name === 'a2') throw new Error('a2 cannot be processed yet');
      done.push(name);
    });
    const { value: result, messages } = await capturingLogs('error', () =>
      handler(
        fifoBatch([
          ['g1', 'a1', MAX_RECEIVES - 1],
          ['g1', 'a2', MAX_RECEIVES - 1],
          ['g1', 'a3', MAX_RECEIVES - 1],
        ]),
        lambdaContext,
      ),
    );
    expect(messages).toEqual(['record failed; it will be retried']);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['a2', 'a3']);
    expect(done).toEqual(['a1']);
  });
});
