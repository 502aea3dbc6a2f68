/**
 * Lambda event source mapping emulation: long-poll each queue, invoke its processor
 * with a real SQS event batch, delete what succeeded and leave `batchItemFailures`
 * (or the whole batch, on a throw) to reappear after the visibility timeout; SQS's
 * redrive policy moves a message to the DLQ after maxReceiveCount receives.
 *
 * fauxqs returns at most one message per FIFO group per receive (real SQS: up to 10),
 * so several workers poll each FIFO queue; SQS's in-flight rule for FIFO groups
 * still keeps one group's messages strictly in order.
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
import { manifest as defaultManifest, type Manifest, type QueueSpec } from '../manifest';
import type { Faults } from './faults';
import { invoke } from './lambda';

/** Pollers per FIFO queue (each runs one batch at a time; its message groups run concurrently). */
export const FIFO_WORKERS = 4;
const STANDARD_WORKERS = 2;
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

function toRecord(message: Message, queueArn: string): SQSRecord {
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

function startWorker(queue: QueueSpec, options: PollerOptions, signal: AbortSignal): Promise<void> {
  const url = options.queueUrls[queue.name] as string;
  const arn = options.queueArns[queue.name] as string;
  const { sqs, faults } = options;
  return (async () => {
    while (!signal.aborted) {
      let messages: Message[];
      try {
        const result = await sqs.send(
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
        if (signal.aborted) return;
        options.log?.(`[${queue.name}] receive failed: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, ERROR_PAUSE_MS));
        continue;
      }
      if (messages.length === 0) continue;
      const records = messages.map((m) => toRecord(m, arn));
      const failed = await runBatch(queue, records, options);
      if (records.some((r) => faults?.duplicateDelivery(queue.name, r))) {
        await runBatch(queue, records, options);
      }
      const done = records.filter((r) => !failed.has(r.messageId) && !faults?.crashAfterCommit(queue.name, r));
      const retry = records.filter((r) => !done.includes(r));
      await settle(url, done, retry, options).catch((error: Error) => options.log?.(`[${queue.name}] ack failed: ${error.message}`));
    }
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
  // Every worker's long poll listens on this one signal.
  setMaxListeners(Infinity, controller.signal);
  const workers = m.queues.flatMap((queue) =>
    Array.from({ length: queue.fifo ? FIFO_WORKERS : STANDARD_WORKERS }, () => startWorker(queue, options, controller.signal)),
  );
  return {
    stop: async () => {
      controller.abort();
      await Promise.allSettled(workers);
    },
  };
}
