/** Transfer contracts, version 1. Deposits, withdrawals and settlements are transfers too. */
import { TRANSFER_KINDS } from '../shared/domain/ledger';
import * as z from '../shared/validation/zod';
import { defineContract } from './contract';

const TransferCore = {
  transferId: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  fromAccountId: z.nullable(z.string()),
  toAccountId: z.nullable(z.string()),
  amount: z.string(),
  currency: z.string(),
  occurredAt: z.string(),
  /** Settlement transfers carry their group and settlement. */
  groupId: z.optional(z.string()),
  settlementId: z.optional(z.string()),
};

const Outcome = {
  ...TransferCore,
  /** Stable across re-publication, so clients can drop duplicates. */
  eventId: z.string(),
  topics: z.array(z.string()),
  status: z.enum(['COMPLETED', 'FAILED']),
};

export const TransferCompletedV1 = defineContract(
  'TransferCompleted',
  1,
  z.object({ ...Outcome, completedAt: z.string() }),
  "Emitted when a transfer's money has moved; pushed to its accounts' and participants' topics.",
);

export const TransferFailedV1 = defineContract(
  'TransferFailed',
  1,
  z.object({ ...Outcome, failureReason: z.string() }),
  'Emitted when a transfer ends without moving money, with its failureReason; pushed like TransferCompleted.',
);
