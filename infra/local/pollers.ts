/**
 * Lambda event source mapping emulation: long-poll each queue, invoke its processor
 * with a real SQS event batch, delete what succeeded and leave `batchItemFailures`
 * (or the whole batch, on a throw) to reappear after the visibility timeout; SQS's
 * redrive policy moves a message to the DLQ after maxReceiveCount receives.
 *
 * One long poll per queue hands each batch it receives to a free slot and polls again
 * while a slot is free. A long poll per slot would not do: fauxqs wakes all of a queue's
 * waiting receives for each message, so one got it and the rest polled again empty (six
 * receives per transfer at a moderate rate, against two).
 *
 * A FIFO receive returns as many messages of one group as it can (up to 10), as SQS does
 * (fauxqs 1.9 returned one per group; patches/ makes it behave like SQS), and SQS's
 * in-flight rule for FIFO groups keeps one group's messages strictly in order.
 */

import { setMaxListeners } from 'node:events';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { manifest as defaultManifest, type Manifest, type QueueSpec } from '../../manifest/manifest';
import type { Faults } from './faults';
import { invoke } from './lambda';

/** Batches of one FIFO queue processed at once (a batch's message groups run concurrently). */
export const FIFO_BATCHES_IN_FLIGHT = 4;
const STANDARD_BATCHES_IN_FLIGHT = 2;
/**
 * Lambda's own long poll. fauxqs wakes a waiting receive as soon as a message, an expired
 * visibility or an unlocked FIFO group is ready, so a long wait adds no latency; a short
 * one only spent idle CPU on empty receives (~6 % of a core at rest with 1 s).
 */
const WAIT_SECONDS = 20;
const ERROR_PAUSE_MS = 500;

export interface PollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrls: Record<string, string>;
  readonly queueArns: Record<string, string>;
  readonly manifest?: Manifest;
  readonly faults?: Faults;
  /**
   * When set, failed messages become visible again after this many seconds instead of
   * the queue's visibility timeout (keeps local retries and chaos runs quick).
   */
  readonly retryDelaySeconds?: number;
  readonly log?: (line: string) => void;
}

export interface Pollers {
  stop(): Promise<void>;
}

export function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = (message.Attributes ?? {}) as Record<string, string>;
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

async function runBatch(queue: QueueSpec, records: SQSRecord[], options: PollerOptions): Promise<Set<string>> {
  const all = new Set(records.map((r) => r.messageId));
  try {
    const response = await invoke<SQSBatchResponse | undefined>(queue.processor, { Records: records } satisfies SQSEvent);
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    return failed;
  } catch (error) {
    options.log?.(`[${queue.name}] processor threw: ${(error as Error).message}`);
    return all;
  }
}

/** Runs one received batch to the end: invoke, fault injection, then delete or release each record. Never rejects. */
async function handleBatch(queue: QueueSpec, url: string, records: SQSRecord[], options: PollerOptions): Promise<void> {
  const { faults } = options;
  const failed = await runBatch(queue, records, options);
  if (records.some((r) => faults?.duplicateDelivery(queue.name, r))) {
    await runBatch(queue, records, options);
  }
  const done = records.filter((r) => !failed.has(r.messageId) && !faults?.crashAfterCommit(queue.name, r));
  const retry = records.filter((r) => !done.includes(r));
  await settle(url, done, retry, options).catch((error: Error) => options.log?.(`[${queue.name}] ack failed: ${error.message}`));
}

function pollQueue(queue: QueueSpec, options: PollerOptions, signal: AbortSignal): Promise<void> {
  const url = options.queueUrls[queue.name] as string;
  const arn = options.queueArns[queue.name] as string;
  const slots = queue.fifo ? FIFO_BATCHES_IN_FLIGHT : STANDARD_BATCHES_IN_FLIGHT;
  const running = new Set<Promise<void>>();
  return (async () => {
    while (!signal.aborted) {
      if (running.size >= slots) {
        await Promise.race(running);
        continue;
      }
      let messages: Message[];
      try {
        const result = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: queue.batchSize,
            WaitTimeSeconds: WAIT_SECONDS,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: signal },
        );
        messages = result.Messages ?? [];
      } catch (error) {
        if (signal.aborted) break;
        options.log?.(`[${queue.name}] receive failed: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, ERROR_PAUSE_MS));
        continue;
      }
      if (messages.length === 0) continue;
      const batch: Promise<void> = handleBatch(
        queue,
        url,
        messages.map((m) => toRecord(m, arn)),
        options,
      ).finally(() => running.delete(batch));
      running.add(batch);
    }
    await Promise.allSettled(running);
  })();
}

async function settle(url: string, done: SQSRecord[], retry: SQSRecord[], options: PollerOptions): Promise<void> {
  if (done.length > 0) {
    await options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
      }),
    );
  }
  if (retry.length > 0 && options.retryDelaySeconds !== undefined) {
    await options.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: retry.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle, VisibilityTimeout: options.retryDelaySeconds })),
      }),
    );
  }
}

export function startPollers(options: PollerOptions): Pollers {
  const m = options.manifest ?? defaultManifest;
  const controller = new AbortController();
  // Every queue's long poll listens on this one signal.
  setMaxListeners(Infinity, controller.signal);
  const polls = m.queues.map((queue) => pollQueue(queue, options, controller.signal));
  return {
    stop: async () => {
      controller.abort();
      await Promise.allSettled(polls);
    },
  };
}
