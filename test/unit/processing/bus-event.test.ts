import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../events/contract';
import { busEventOf } from '../../../shared/processing/bus-event';
import { queueProcessor } from '../../../shared/processing/queue-processor';
import { lambdaContext, sqsEventOf } from '../../support/pipeline';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'TransferRequested',
  source: 'evenly',
  account: '000000000000',
  time: '2026-11-22T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { transferId: 't1', messageGroupId: 'account-1', version: 1 },
};

/** The intake queue's record as a pipe with an SQS source and no input template may pass it on. */
const pipedRecord = {
  messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
  receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
  body: JSON.stringify(event),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1545082649183',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1545082649185',
  },
  messageAttributes: {},
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:intake',
  awsRegion: 'us-east-1',
};

const expected = {
  id: event.id,
  'detail-type': event['detail-type'],
  source: event.source,
  time: event.time,
  detail: event.detail,
};

describe('reading the EventBridge event of an SQS message', () => {
  it('reads an EventBridge event delivered by a rule', () => {
    expect(busEventOf(JSON.stringify(event))).toEqual(expected);
  });

  it('reads an SQS record passed on by a pipe, whose body is the EventBridge event', () => {
    expect(busEventOf(JSON.stringify(pipedRecord))).toEqual(expected);
  });

  it('reads a piped record whose body the pipe has already parsed into the event', () => {
    expect(busEventOf(JSON.stringify({ ...pipedRecord, body: event }))).toEqual(expected);
  });

  it('refuses a record whose body is not an EventBridge event', () => {
    expect(() => busEventOf(JSON.stringify({ ...pipedRecord, body: JSON.stringify({ hello: 'world' }) }))).toThrow();
    expect(() => busEventOf(JSON.stringify({ ...pipedRecord, body: 'not json' }))).toThrow();
  });

  it('refuses a record nested inside a record', () => {
    expect(() => busEventOf(JSON.stringify({ ...pipedRecord, body: JSON.stringify(pipedRecord) }))).toThrow();
  });

  it('refuses a body that is neither an event nor a record', () => {
    expect(() => busEventOf(JSON.stringify({ detail: {} }))).toThrow();
    expect(() => busEventOf('not json')).toThrow();
  });
});

describe('a processor fed by a pipe', () => {
  /** A FIFO batch as Lambda delivers it, each message body the pipe's copy of an intake record. */
  function pipedBatch(): SQSEvent {
    const record = sqsEventOf('TransferRequested', {}).Records[0] as SQSRecord;
    return {
      Records: [
        {
          ...record,
          messageId: 'piped',
          body: JSON.stringify(pipedRecord),
          attributes: { ...record.attributes, MessageGroupId: 'account-1' },
        },
        { ...record, messageId: 'direct', body: JSON.stringify(event), attributes: { ...record.attributes, MessageGroupId: 'account-2' } },
      ],
    };
  }

  it('handles the event inside the piped record like one a rule delivered', async () => {
    const handled: BusEvent[] = [];
    const handler = queueProcessor({ queue: 'transfers' }, async (busEvent) => {
      handled.push(busEvent);
    });
    const result = await handler(pipedBatch(), lambdaContext);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([expected, expected]);
  });
});
