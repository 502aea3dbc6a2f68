import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../../events/contract';
import { type LocalBus, startBus } from '../../../infra/local/bus';
import { LOCAL_CLIENT_CONFIG } from '../../../infra/local/dynamodb';
import { randomPrefix } from '../../../infra/local/runtime';
import { type LocalQueues, startQueues } from '../../../infra/local/sqs';

describe('local EventBridge bus', () => {
  let queues: LocalQueues;
  let sqs: SQSClient;
  let bus: LocalBus;
  let events: EventBridgeClient;
  const sends: { command: string; queueUrl: string; entries: number }[] = [];
  const busName = `${randomPrefix()}-bus`;

  beforeAll(async () => {
    queues = await startQueues(randomPrefix());
    sqs = new SQSClient({ endpoint: queues.endpoint, ...LOCAL_CLIENT_CONFIG });
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { QueueUrl: string; Entries?: unknown[] };
        sends.push({ command: context.commandName ?? '', queueUrl: input.QueueUrl, entries: input.Entries?.length ?? 1 });
        return next(args);
      },
      { step: 'initialize', name: 'countSends' },
    );
    bus = await startBus({ busName, sqs, queueUrls: queues.urls });
    events = new EventBridgeClient({ endpoint: bus.endpoint, ...LOCAL_CLIENT_CONFIG });
  });
  afterAll(async () => {
    events.destroy();
    await bus.stop();
    sqs.destroy();
    await queues.stop();
  });

  const receiveAll = async (queue: string) => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues.urls[queue], MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    return Messages.map((m) => JSON.parse(m.Body ?? '{}') as { 'detail-type': string; detail: { n: number } });
  };

  it('delivers each event of one PutEvents to every queue whose rule matches, one SendMessageBatch per queue', async () => {
    const entry = (type: string, n: number) => ({
      EventBusName: busName,
      Source: EVENT_SOURCE,
      DetailType: type,
      Detail: JSON.stringify({ n }),
    });
    sends.length = 0;
    const result = await events.send(
      new PutEventsCommand({
        Entries: [entry('TransferCompleted', 1), entry('UserRegistered', 2), entry('PurchaseFailed', 3), entry('NothingListens', 4)],
      }),
    );
    const sent = sends.map((s) => [s.command, s.queueUrl, s.entries]);
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.every((e) => typeof e.EventId === 'string')).toBe(true);
    const notify = await receiveAll('notify');
    expect(notify.map((e) => [e['detail-type'], e.detail.n])).toEqual([
      ['TransferCompleted', 1],
      ['PurchaseFailed', 3],
    ]);
    expect((await receiveAll('mail')).map((e) => e.detail.n)).toEqual([2]);
    expect(sent.sort()).toEqual(
      [
        ['SendMessageBatchCommand', queues.urls.notify, 2],
        ['SendMessageBatchCommand', queues.urls.mail, 1],
      ].sort(),
    );
  });

  it('reports an event whose target queue refused it as a failed entry, and the others as sent', async () => {
    const broken = await startBus({ busName, sqs, queueUrls: { ...queues.urls, mail: `${queues.urls.mail}-gone` } });
    const client = new EventBridgeClient({ endpoint: broken.endpoint, ...LOCAL_CLIENT_CONFIG });
    try {
      const entry = (type: string) => ({ EventBusName: busName, Source: EVENT_SOURCE, DetailType: type, Detail: '{}' });
      const result = await client.send(new PutEventsCommand({ Entries: [entry('TransferCompleted'), entry('UserRegistered')] }));
      expect(result.FailedEntryCount).toBe(1);
      expect(result.Entries?.[0]?.EventId).toBeDefined();
      expect(result.Entries?.[1]?.ErrorCode).toBe('InternalException');
      await receiveAll('notify');
    } finally {
      client.destroy();
      await broken.stop();
    }
  });
});
