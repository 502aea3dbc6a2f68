import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type OutgoingMessage, queueMessage } from '../../../events/contract';
import { ExpenseRequestedV1 } from '../../../events/expenses';
import { MAX_SEND_ATTEMPTS, SendError, sendMessages } from '../../../shared/bus/queues';
import { usePipeline } from '../../support/pipeline';

const pipeline = usePipeline();
/** Bound on receive calls when emptying a queue. */
const MAX_RECEIVES = 20;

const expenseMessage = (groupId: string, expenseId: string): OutgoingMessage =>
  queueMessage(ExpenseRequestedV1, { groupId, expenseId, occurredAt: new Date().toISOString() }, { groupId, id: expenseId });

/** Every message waiting in the groups queue, with the attributes SQS stored, emptied out. */
async function takeGroupMessages() {
  const { sqs, queueUrls } = pipeline();
  const taken: { body: { id: string }; groupId?: string; deduplicationId?: string }[] = [];
  for (let calls = 0; calls < MAX_RECEIVES; calls += 1) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrls.groups, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) return taken;
    for (const m of Messages) {
      taken.push({
        body: JSON.parse(m.Body ?? '{}') as { id: string },
        ...(m.Attributes?.MessageGroupId ? { groupId: m.Attributes.MessageGroupId } : {}),
        ...(m.Attributes?.MessageDeduplicationId ? { deduplicationId: m.Attributes.MessageDeduplicationId } : {}),
      });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrls.groups, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  throw new Error(`the groups queue was not empty after ${MAX_RECEIVES} receives`);
}

/** A client whose SendMessageBatch answers some entries as failed, as SQS may, before really sending. */
function flakyClient(fail: (entryId: string, call: number) => { senderFault: boolean } | undefined) {
  const client = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS as string, useQueueUrlAsEndpoint: false });
  const sentIds: string[][] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as SendMessageBatchCommandInput & { Entries: SendMessageBatchRequestEntry[] };
      const call = sentIds.length + 1;
      sentIds.push(input.Entries.map((e) => String(e.Id)));
      const failing = input.Entries.flatMap((e) => {
        const failure = fail(String(e.Id), call);
        return failure ? [{ Id: String(e.Id), Code: 'InternalError', SenderFault: failure.senderFault, Message: 'injected' }] : [];
      });
      const failingIds = new Set(failing.map((f) => f.Id));
      const kept = input.Entries.filter((e) => !failingIds.has(String(e.Id)));
      const sent = kept.length > 0 ? await next({ ...args, input: { ...input, Entries: kept } }) : undefined;
      const output = (sent?.output ?? { Successful: [], $metadata: {} }) as SendMessageBatchCommandOutput;
      return { response: sent?.response ?? {}, output: { ...output, Failed: failing } } as never;
    },
    { step: 'initialize', name: 'flaky' },
  );
  return { client, sentIds };
}

describe('sending queue messages', () => {
  it('sends each message to the queue that takes its type, in its group, deduplicated by its id', async () => {
    const messages = [expenseMessage('g-1', 'e-1'), expenseMessage('g-2', 'e-2')];
    await sendMessages(messages);
    const taken = await takeGroupMessages();
    expect(taken.map((t) => [t.body.id, t.groupId, t.deduplicationId]).sort()).toEqual([
      ['e-1', 'g-1', 'e-1'],
      ['e-2', 'g-2', 'e-2'],
    ]);
  });

  it('lets SQS drop a second copy of the same step sent within the deduplication window', async () => {
    await sendMessages([expenseMessage('g-3', 'e-3')]);
    await sendMessages([expenseMessage('g-3', 'e-3')]);
    expect((await takeGroupMessages()).map((t) => t.body.id)).toEqual(['e-3']);
  });

  it('sends more than ten messages ten per call, every one of them', async () => {
    const messages = Array.from({ length: 23 }, (_, i) => expenseMessage(`g-many-${i % 4}`, `e-many-${i}`));
    await sendMessages(messages);
    expect((await takeGroupMessages()).map((t) => t.body.id).sort()).toEqual(messages.map((m) => m.body.id).sort());
  });

  it('sends again only the entries a batch reported failed, until they are accepted', async () => {
    const { client, sentIds } = flakyClient((id, call) => (id === '1' && call < 3 ? { senderFault: false } : undefined));
    const messages = [expenseMessage('g-4', 'e-4a'), expenseMessage('g-5', 'e-4b'), expenseMessage('g-6', 'e-4c')];
    await sendMessages(messages, client);
    expect(sentIds).toEqual([['0', '1', '2'], ['1'], ['1']]);
    expect((await takeGroupMessages()).map((t) => t.body.id).sort()).toEqual(['e-4a', 'e-4b', 'e-4c']);
    client.destroy();
  });

  it(`gives up after ${MAX_SEND_ATTEMPTS} attempts, having sent the rest`, async () => {
    const { client, sentIds } = flakyClient((id) => (id === '0' ? { senderFault: false } : undefined));
    await expect(sendMessages([expenseMessage('g-7', 'e-5a'), expenseMessage('g-8', 'e-5b')], client)).rejects.toBeInstanceOf(SendError);
    expect(sentIds).toHaveLength(MAX_SEND_ATTEMPTS);
    expect((await takeGroupMessages()).map((t) => t.body.id)).toEqual(['e-5b']);
    client.destroy();
  });

  it('does not retry an entry SQS blames on the sender', async () => {
    const { client, sentIds } = flakyClient((id) => (id === '0' ? { senderFault: true } : undefined));
    await expect(sendMessages([expenseMessage('g-9', 'e-6')], client)).rejects.toThrow(/InternalError/);
    expect(sentIds).toHaveLength(1);
    client.destroy();
  });
});
