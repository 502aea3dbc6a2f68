/**
 * Processor of the accounts queue (FIFO, grouped by account): the debits, credits and refunds
 * of transfers and purchases, a batch at a time, each account written once per batch.
 */

import { stepBatchProcessor } from '../../shared/processing/step-batch';
import { accountSteps } from '../../shared/sagas/account-steps';

export const handler = stepBatchProcessor(accountSteps);
