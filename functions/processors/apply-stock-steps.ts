/**
 * Processor of the products queue (FIFO, grouped by product): purchases' stock reservations
 * and releases, a batch at a time, each product's stock written once per batch.
 */
import { stepBatchProcessor } from '../../shared/processing/step-batch';
import { stockSteps } from '../../shared/sagas/stock-steps';

export const handler = stepBatchProcessor(stockSteps);
