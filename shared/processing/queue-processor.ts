/**
 * The SQS loop every processor shares, on Powertools batch processing:
 * each record carries a queue message (FIFO queues) or an EventBridge event (the notify
 * queue), validated here (see message-body.ts) and handled on its own, and failures are
 * reported as `batchItemFailures` so only they are retried.
 *
 * FIFO queues use the FIFO processor with `skipGroupOnError`: after a failure the
 * rest of that message group is returned untouched (order kept), other groups go on.
 * Powertools' FIFO processor walks the whole batch one record at a time, but message
 * groups are independent: the batch is split by group, each group gets its own FIFO
 * processor, and the groups run concurrently, so a batch of ten groups takes as long as
 * its slowest group rather than the sum of all ten.
 *
 * A failure on a message's last delivery does not hold its group back: that message goes
 * to the DLQ alone and the rest of the group goes on in the same batch. On AWS the messages
 * behind a failing one are delivered with it in every batch, so their receive counts climb
 * in step with its; skipped on its last round, they would follow it to the DLQ unprocessed.
 */
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { BusEvent, QueueMessage } from '../../events/contract';
import { resources } from '../../manifest/resources';
import { commandIdOf, withCorrelation } from '../observability/correlation';
import { lambdaEntry } from '../observability/entry';
import { logger } from '../observability/logger';
import { busEventOf, queueMessageOf } from './message-body';

export interface QueueRecordContext {
  readonly record: SQSRecord;
  /** How many times SQS has delivered this message (1 on first delivery). */
  readonly receiveCount: number;
}

export type RecordHandler<T> = (message: T, context: QueueRecordContext) => Promise<void>;

export interface QueueProcessorOptions<T> {
  /** The manifest queue this processor consumes (its FIFO flag and maxReceiveCount come from there). */
  readonly queue: string;
  /**
   * Called on the last delivery before the message moves to the DLQ, so the request it
   * carries ends FAILED (PROCESSING_ERROR) instead of PENDING forever.
   */
  readonly onGiveUp?: (message: T) => Promise<void>;
}

/** A FIFO command queue's processor: each record is a queue message, in its message group's order. */
export const commandProcessor = (options: QueueProcessorOptions<QueueMessage>, handle: RecordHandler<QueueMessage>) =>
  queueProcessor(options, queueMessageOf, (m) => m.type, handle);

/** The processor of a queue a rule feeds: each record is an EventBridge event. */
export const eventProcessor = (options: QueueProcessorOptions<BusEvent>, handle: RecordHandler<BusEvent>) =>
  queueProcessor(options, busEventOf, (e) => e['detail-type'], handle);

function queueProcessor<T>(
  options: QueueProcessorOptions<T>,
  parse: (body: string) => T,
  typeOf: (message: T) => string,
  handleEvent: RecordHandler<T>,
) {
  const spec = resources.queues.find((q) => q.name === options.queue);
  if (!spec) throw new Error(`Invariant: queue ${options.queue} is declared in the manifest`);
  const receiveCountOf = (record: SQSRecord) => Number(record.attributes?.ApproximateReceiveCount ?? '1');
  const isLastDelivery = (record: SQSRecord) => receiveCountOf(record) >= spec.maxReceiveCount;
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    // A body that is not what this queue carries can never succeed: it fails until the DLQ takes it.
    const event = parse(record.body);
    const receiveCount = receiveCountOf(record);
    try {
      await withCorrelation(commandIdOf(detailOf(event)), () => handleEvent(event, { record, receiveCount }));
    } catch (error) {
      const isLastAttempt = isLastDelivery(record);
      logger.error(isLastAttempt ? 'record failed for the last time; it goes to the DLQ' : 'record failed; it will be retried', {
        messageId: record.messageId,
        type: typeOf(event),
        correlation_id: commandIdOf(detailOf(event)),
        receiveCount,
        error: error as Error,
      });
      if (isLastAttempt && options.onGiveUp) {
        await options
          .onGiveUp(event)
          .catch((giveUpError: Error) => logger.error('could not mark the request failed', { error: giveUpError }));
      }
      throw error;
    }
  };
  /** One message group in order; after a failure on a last delivery, the rest of the group goes on. */
  const processGroup = async (records: SQSRecord[], context: Context): Promise<SQSBatchItemFailure[]> => {
    const failures: SQSBatchItemFailure[] = [];
    let rest = records;
    while (rest.length > 0) {
      const { batchItemFailures } = await processPartialResponse({ Records: rest }, recordHandler, new SqsFifoPartialProcessorAsync(), {
        context,
        skipGroupOnError: true,
        throwOnFullBatchFailure: false,
      });
      const failedIds = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
      const firstFailed = rest.findIndex((record) => failedIds.has(record.messageId));
      const failedRecord = rest[firstFailed];
      if (!failedRecord) break;
      if (!isLastDelivery(failedRecord)) return [...failures, ...batchItemFailures];
      failures.push({ itemIdentifier: failedRecord.messageId });
      rest = rest.slice(firstFailed + 1);
    }
    return failures;
  };
  return lambdaEntry(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    if (spec.fifo) {
      const groups = new Map<string, SQSRecord[]>();
      for (const record of event.Records) {
        const group = record.attributes?.MessageGroupId ?? '';
        groups.set(group, [...(groups.get(group) ?? []), record]);
      }
      const failures = await Promise.all([...groups.values()].map((records) => processGroup(records, context)));
      return { batchItemFailures: failures.flat() };
    }
    return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
      context,
      throwOnFullBatchFailure: false,
    });
  });
}

/** Queue messages and bus events both carry their fields in `detail`. */
const detailOf = (message: unknown): unknown => (message as { detail?: unknown }).detail;
