/** Purchase contracts, version 1. */
import * as z from '../shared/validation/zod';
import { defineContract } from './contract';

const Core = {
  purchaseId: z.string(),
  sku: z.string(),
  quantity: z.int(),
  total: z.string(),
  currency: z.string(),
  accountId: z.string(),
  merchantAccountId: z.string(),
  occurredAt: z.string(),
};

const Outcome = { ...Core, eventId: z.string(), topics: z.array(z.string()), status: z.enum(['COMPLETED', 'FAILED']) };
export const PurchaseCompletedV1 = defineContract(
  'PurchaseCompleted',
  1,
  z.object({ ...Outcome, completedAt: z.string() }),
  'Emitted when the buyer was debited, the merchant credited and the stock decremented.',
);
export const PurchaseFailedV1 = defineContract(
  'PurchaseFailed',
  1,
  z.object({ ...Outcome, failureReason: z.string() }),
  'Emitted when a purchase ends with nothing changed, with its failureReason.',
);
