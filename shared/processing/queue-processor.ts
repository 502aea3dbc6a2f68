/**
 * The SQS loop every processor shares, on Powertools batch processing:
 * each record carries an EventBridge event (validated here, see bus-event.ts), handled on its own, and
 * failures are reported as `batchItemFailures` so only they are retried.
 *
 * FIFO queues use the FIFO processor with `skipGroupOnError`: after a failure the
 * rest of that message group is returned untouched (order kept), other groups go on.
 * Powertools' FIFO processor walks the whole batch one record at a time, but message
 * groups are independent: the batch is split by group, each group gets its own FIFO
 * processor, and the groups run concurrently, so a batch of ten groups takes as long as
 * its slowest group rather than the sum of all ten.
 */
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { BusEvent } from '../../events/contract';
import { manifest } from '../../infra/manifest';
import { logger } from '../http/logger';
import { busEventOf } from './bus-event';

export interface QueueRecordContext {
  readonly record: SQSRecord;
  /** How many times SQS has delivered this message (1 on first delivery). */
  readonly receiveCount: number;
}

export type BusEventHandler = (event: BusEvent, context: QueueRecordContext) => Promise<void>;

export interface QueueProcessorOptions {
  /** The manifest queue this processor consumes (its FIFO flag and maxReceiveCount come from there). */
  readonly queue: string;
  /**
   * Called on the last delivery before the message moves to the DLQ, so the request it
   * carries ends FAILED (PROCESSING_ERROR) instead of PENDING forever.
   */
  readonly onGiveUp?: (event: BusEvent) => Promise<void>;
}

export function queueProcessor(options: QueueProcessorOptions, handleEvent: BusEventHandler) {
  const spec = manifest.queues.find((q) => q.name === options.queue);
  if (!spec) throw new Error(`Invariant: queue ${options.queue} is declared in the manifest`);
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    // A body that carries no EventBridge event can never succeed: it fails until the DLQ takes it.
    const event = busEventOf(record.body);
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      await handleEvent(event, { record, receiveCount });
    } catch (error) {
      const isLastAttempt = receiveCount >= spec.maxReceiveCount;
      logger.error(isLastAttempt ? 'record failed for the last time; it goes to the DLQ' : 'record failed; it will be retried', {
        messageId: record.messageId,
        detailType: event['detail-type'],
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
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    if (spec.fifo) {
      const groups = new Map<string, SQSRecord[]>();
      for (const record of event.Records) {
        const group = record.attributes?.MessageGroupId ?? '';
        groups.set(group, [...(groups.get(group) ?? []), record]);
      }
      const responses = await Promise.all(
        [...groups.values()].map((records) =>
          processPartialResponse({ Records: records }, recordHandler, new SqsFifoPartialProcessorAsync(), {
            context,
            skipGroupOnError: true,
            throwOnFullBatchFailure: false,
          }),
        ),
      );
      return { batchItemFailures: responses.flatMap((response) => response.batchItemFailures) };
    }
    return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
      context,
      throwOnFullBatchFailure: false,
    });
  };
}
