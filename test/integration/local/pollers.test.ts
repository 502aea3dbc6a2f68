import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_CONFIG } from '../../../infra/local/dynamodb';
import { loadHandler } from '../../../infra/local/lambda';
import { FIFO_BATCHES_IN_FLIGHT, type Pollers, startPollers } from '../../../infra/local/pollers';
import { randomPrefix } from '../../../infra/local/runtime';
import { type LocalQueues, startQueues } from '../../../infra/local/sqs';
import { type Manifest, manifest } from '../../../manifest/manifest';
import { eventually } from '../../support/eventually';
import { batches } from './recording-handler';

const RECORDING = 'test/integration/local/recording-handler.ts';

/** One FIFO queue of the real manifest's shape, processed by the recording handler, `batchSize` records at a time. */
function probeManifest(batchSize: number): Manifest {
  const fifo = manifest.queues.find((q) => q.fifo) as Manifest['queues'][number];
  return { ...manifest, queues: [{ ...fifo, name: 'probe', processor: RECORDING, batchSize }], rules: [] };
}

describe('local queue pollers', () => {
  let queues: LocalQueues | undefined;
  let pollers: Pollers | undefined;
  let receives = 0;

  beforeAll(async () => {
    await loadHandler(RECORDING); // the poller and this test share the handler's module (and its record of batches)
  });

  afterEach(async () => {
    await pollers?.stop();
    await queues?.stop();
    batches.length = 0;
  });

  async function start(batchSize: number): Promise<{ sqs: SQSClient; url: string }> {
    const m = probeManifest(batchSize);
    queues = await startQueues(randomPrefix(), m);
    const sqs = new SQSClient({ endpoint: queues.endpoint, ...LOCAL_CLIENT_CONFIG });
    sqs.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === ReceiveMessageCommand.name) receives += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countReceives' },
    );
    pollers = startPollers({ sqs, queueUrls: queues.urls, queueArns: queues.arns, manifest: m });
    return { sqs, url: queues.urls.probe as string };
  }

  const send = (sqs: SQSClient, url: string, group: string, body: Record<string, unknown>) =>
    sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(body), MessageGroupId: group }));

  it('wakes one long poll for a message, not every poller of the queue', async () => {
    const { sqs, url } = await start(10);
    await eventually(() => receives >= 1, 'the long poll is sent', { pollMs: 10 });
    for (let i = 0; i < 5; i += 1) {
      // Nothing polled between the last batch's poll and now, the time this loop took included.
      if (i > 0) expect(receives).toBe(1);
      receives = 0;
      await send(sqs, url, `g${i}`, { i });
      await eventually(() => batches.length === i + 1, `batch ${i + 1}`, { pollMs: 10 });
      // The poll that got the message polls again; nothing else asked.
      await eventually(() => receives >= 1, 'the poll that got the message polls again', { pollMs: 10 });
      expect(receives).toBe(1);
    }
  });

  it(`runs at most ${FIFO_BATCHES_IN_FLIGHT} batches of a queue at once, and reaches that many`, async () => {
    const { sqs, url } = await start(1);
    const messages = 3 * FIFO_BATCHES_IN_FLIGHT;
    for (let i = 0; i < messages; i += 1) await send(sqs, url, `g${i}`, { i, holdMs: 200 });
    await eventually(() => batches.filter((b) => b.endedAt !== undefined).length === messages, 'every batch done', { pollMs: 10 });
    const atOnce = batches.map((b) => batches.filter((o) => o.startedAt <= b.startedAt && (o.endedAt as number) > b.startedAt).length);
    expect(Math.max(...atOnce)).toBe(FIFO_BATCHES_IN_FLIGHT);
    expect(batches.flatMap((b) => b.bodies.map((body) => (JSON.parse(body) as { i: number }).i)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: messages }, (_, i) => i),
    );
  });
});
