/**
 * Fault injection for the local runtime's queue pollers, off unless a caller passes a
 * `Faults` object (the chaos run does). Production handlers carry no test branches:
 * faults are applied around them (lost sends and conflicts through SDK middleware).
 */
import type { SendMessageBatchCommandInput, SendMessageBatchCommandOutput, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { QueueMessage } from '../../events/contract';

export interface Faults {
  /** Invoke the processor a second time with the same records (duplicate delivery). */
  duplicateDelivery(queue: string, record: SQSRecord): boolean;
  /** The processor committed but "crashed" before the poller deleted the message. */
  crashAfterCommit(queue: string, record: SQSRecord): boolean;
}

export const noFaults: Faults = {
  duplicateDelivery: () => false,
  crashAfterCommit: () => false,
};

/** A queue message as the SDK sends it: its body (JSON text of the QueueMessage) and group. */
export interface SentEntry {
  readonly body: QueueMessage;
  readonly groupId: string | undefined;
}

/**
 * Loses the queue messages `shouldLose` picks: SendMessage(Batch) answers them as sent, and
 * SQS never sees them (the write-then-send gap). SDK middleware on the client the handlers
 * share, so production code runs unchanged. Returns the function that removes it.
 */
export function loseSends(client: SQSClient, shouldLose: (entry: SentEntry) => boolean): () => void {
  const name = `loseSends-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendMessageBatchCommand') return next(args);
      const input = args.input as SendMessageBatchCommandInput;
      const entries = input.Entries ?? [];
      const lost = entries.filter((e) =>
        shouldLose({ body: JSON.parse(e.MessageBody ?? '{}') as QueueMessage, groupId: e.MessageGroupId }),
      );
      if (lost.length === 0) return next(args);
      const kept = entries.filter((e) => !lost.includes(e));
      const sent = kept.length > 0 ? await next({ ...args, input: { ...input, Entries: kept } }) : undefined;
      const output = (sent?.output ?? { Successful: [], Failed: [], $metadata: {} }) as SendMessageBatchCommandOutput;
      const answered = [...(output.Successful ?? []), ...lost.map((e) => ({ Id: e.Id, MessageId: `lost-${e.Id}`, MD5OfMessageBody: '' }))];
      return { response: sent?.response ?? {}, output: { ...output, Successful: answered } } as never;
    },
    { step: 'initialize', name },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
}
