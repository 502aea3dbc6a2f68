/**
 * The SQS loop every processor shares, on Powertools batch processing:
 * each record is an EventBridge event (validated here), handled on its own, and
 * failures are reported as `batchItemFailures` so only they are retried.
 *
 * FIFO queues use the FIFO processor with `skipGroupOnError`: after a failure the
 * rest of that message group is returned untouched (order kept), other groups go on.
 */
import {
  BatchProcessor,
  EventType,
  SqsFifoPartialProcessorAsync,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type BusEvent, BusEventSchema } from '../../events/contract';
import { logger } from '../http/logger';

export interface QueueRecordContext {
  readonly record: SQSRecord;
  /** How many times SQS has delivered this message (1 on first delivery). */
  readonly receiveCount: number;
}

export type BusEventHandler = (event: BusEvent, context: QueueRecordContext) => Promise<void>;

export function queueProcessor(options: { fifo: boolean }, handleEvent: BusEventHandler) {
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const event = BusEventSchema.parse(JSON.parse(record.body));
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      await handleEvent(event, { record, receiveCount });
    } catch (error) {
      logger.error('record failed; it will be retried', {
        messageId: record.messageId,
        detailType: event['detail-type'],
        receiveCount,
        error: error as Error,
      });
      throw error;
    }
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    if (options.fifo) {
      return processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
        context,
        skipGroupOnError: true,
        throwOnFullBatchFailure: false,
      });
    }
    return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
      context,
      throwOnFullBatchFailure: false,
    });
  };
}
