/** Group event contracts (expenses and settlements), version 1. FIFO group = the group id. */
import * as z from '../shared/validation/zod';
import { defineEvent } from './contract';

const Envelope = { groupId: z.string(), occurredAt: z.string(), messageGroupId: z.string() };
const Outcome = { ...Envelope, eventId: z.string(), topics: z.array(z.string()) };

export const ExpenseRequestedV1 = defineEvent('ExpenseRequested', 1, z.object({ ...Envelope, expenseId: z.string() }));
export const ExpenseDeletionRequestedV1 = defineEvent('ExpenseDeletionRequested', 1, z.object({ ...Envelope, expenseId: z.string() }));

const ExpenseOutcome = { ...Outcome, expenseId: z.string(), amount: z.string(), currency: z.string(), description: z.string() };
export const ExpenseCompletedV1 = defineEvent('ExpenseCompleted', 1, z.object({ ...ExpenseOutcome, status: z.literal('COMPLETED') }));
export const ExpenseFailedV1 = defineEvent(
  'ExpenseFailed',
  1,
  z.object({ ...ExpenseOutcome, status: z.literal('FAILED'), failureReason: z.string() }),
);
export const ExpenseDeletedV1 = defineEvent('ExpenseDeleted', 1, z.object({ ...ExpenseOutcome, status: z.literal('DELETED') }));

const SettlementOutcome = {
  ...Outcome,
  settlementId: z.string(),
  transferId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.string(),
  currency: z.string(),
};
export const SettlementCompletedV1 = defineEvent(
  'SettlementCompleted',
  1,
  z.object({ ...SettlementOutcome, status: z.literal('COMPLETED') }),
);
export const SettlementFailedV1 = defineEvent(
  'SettlementFailed',
  1,
  z.object({ ...SettlementOutcome, status: z.literal('FAILED'), failureReason: z.string() }),
);
