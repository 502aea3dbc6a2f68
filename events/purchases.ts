/** Purchase event contracts, version 1. */
import * as z from '../shared/validation/zod';
import { defineEvent } from './contract';

const Core = {
  purchaseId: z.string(),
  sku: z.string(),
  quantity: z.int(),
  total: z.string(),
  currency: z.string(),
  accountId: z.string(),
  merchantAccountId: z.string(),
  occurredAt: z.string(),
  messageGroupId: z.string(),
};

export const PurchaseRequestedV1 = defineEvent('PurchaseRequested', 1, z.object(Core));

const Outcome = { ...Core, eventId: z.string(), topics: z.array(z.string()), status: z.enum(['COMPLETED', 'FAILED']) };
export const PurchaseCompletedV1 = defineEvent('PurchaseCompleted', 1, z.object({ ...Outcome, completedAt: z.string() }));
export const PurchaseFailedV1 = defineEvent('PurchaseFailed', 1, z.object({ ...Outcome, failureReason: z.string() }));
