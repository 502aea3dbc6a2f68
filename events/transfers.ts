/** Transfer event contracts, version 1. Deposits, withdrawals and settlements are transfers too. */
import * as z from '../shared/validation/zod';
import { defineEvent } from './contract';

const TransferCore = {
  transferId: z.string(),
  kind: z.enum(['transfer', 'deposit', 'withdrawal', 'settlement']),
  fromAccountId: z.nullable(z.string()),
  toAccountId: z.nullable(z.string()),
  amount: z.string(),
  currency: z.string(),
  occurredAt: z.string(),
  messageGroupId: z.optional(z.string()),
  /** Settlement transfers carry their group and settlement. */
  groupId: z.optional(z.string()),
  settlementId: z.optional(z.string()),
};

export const TransferRequestedV1 = defineEvent('TransferRequested', 1, z.object({ ...TransferCore, messageGroupId: z.string() }));

const Outcome = {
  ...TransferCore,
  /** Stable across re-publication, so clients can drop duplicates. */
  eventId: z.string(),
  topics: z.array(z.string()),
  status: z.enum(['COMPLETED', 'FAILED']),
};

export const TransferCompletedV1 = defineEvent('TransferCompleted', 1, z.object({ ...Outcome, completedAt: z.string() }));

export const TransferFailedV1 = defineEvent('TransferFailed', 1, z.object({ ...Outcome, failureReason: z.string() }));
