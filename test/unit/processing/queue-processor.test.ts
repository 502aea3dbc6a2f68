import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { queueProcessor } from '../../../shared/processing/queue-processor';
import { lambdaContext, sqsEventOf } from '../../support/pipeline';

/** A FIFO batch as Lambda delivers it: records in queue order, each with its message group. */
function fifoBatch(records: [group: string, name: string][]): SQSEvent {
  return {
    Records: records.map(([group, name]): SQSRecord => {
      const record = sqsEventOf('TransferRequested', { name }).Records[0] as SQSRecord;
      return { ...record, messageId: name, attributes: { ...record.attributes, MessageGroupId: group } };
    }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the FIFO queue processor', () => {
  it('runs message groups concurrently and keeps the order within each group', async () => {
    const log: string[] = [];
    const handler = queueProcessor({ queue: 'transfers' }, async (event) => {
      const name = String(event.detail.name);
      log.push(`start ${name}`);
      await sleep(20);
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
    const handler = queueProcessor({ queue: 'transfers' }, async (event) => {
      const name = String(event.detail.name);
      if (name === 'a1') throw new Error('a1 cannot be processed yet');
      done.push(name);
    });
    const result = await handler(
      fifoBatch([
        ['g1', 'a1'],
        ['g2', 'b1'],
        ['g1', 'a2'],
        ['g2', 'b2'],
      ]),
      lambdaContext,
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a1', 'a2']);
    expect(done).toEqual(['b1', 'b2']);
  });
});
