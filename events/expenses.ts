/** Group contracts (expenses and settlements), version 1. Queue messages go to the group's FIFO message group. */
import * as z from '../shared/validation/zod';
import { defineContract } from './contract';

const Envelope = { groupId: z.string(), occurredAt: z.string() };
const Outcome = { ...Envelope, eventId: z.string(), topics: z.array(z.string()) };

/** Queue message: apply this expense to the group's balances. */
export const ExpenseRequestedV1 = defineContract(
  'ExpenseRequested',
  1,
  z.object({ ...Envelope, expenseId: z.string() }),
  'Sent by POST /groups/{id}/expenses once the PENDING expense is durable; FIFO group: the group.',
);
/** A change requested at an expense version, by a member (older messages carry neither). */
const ExpenseChange = { ...Envelope, expenseId: z.string(), version: z.optional(z.int()), actorId: z.optional(z.string()) };
/** Queue message: reverse this expense's effect on the group's balances. */
export const ExpenseDeletionRequestedV1 = defineContract(
  'ExpenseDeletionRequested',
  1,
  z.object(ExpenseChange),
  'Sent by DELETE /groups/{id}/expenses/{expenseId} once the request is durable; FIFO group: the group.',
);
/** Queue message: apply an accepted edit, only its difference to the nets. */
export const ExpenseEditRequestedV1 = defineContract(
  'ExpenseEditRequested',
  1,
  z.object(ExpenseChange),
  'Sent by PATCH /groups/{id}/expenses/{expenseId} once the edit is durable; FIFO group: the group.',
);
/** Queue message: re-apply a deleted expense exactly. */
export const ExpenseRestoreRequestedV1 = defineContract(
  'ExpenseRestoreRequested',
  1,
  z.object(ExpenseChange),
  'Sent by POST /groups/{id}/expenses/{expenseId}/restore once the request is durable; FIFO group: the group.',
);
/** Queue message: a settlement's transfer has ended; record it in the group (COMPLETED) or fail the settlement. */
export const SettlementTransferEndedV1 = defineContract(
  'SettlementTransferEnded',
  1,
  z.object({
    ...Envelope,
    settlementId: z.string(),
    transferId: z.string(),
    status: z.enum(['COMPLETED', 'FAILED']),
    failureReason: z.optional(z.string()),
  }),
  "Sent by the transfer processor when a settlement's transfer ends; FIFO group: the settlement's group.",
);

const ExpenseOutcome = { ...Outcome, expenseId: z.string(), amount: z.string(), currency: z.string(), description: z.string() };
export const ExpenseCompletedV1 = defineContract(
  'ExpenseCompleted',
  1,
  z.object({ ...ExpenseOutcome, status: z.literal('COMPLETED') }),
  "Emitted when an expense has changed its group's balances; pushed to the group and its members.",
);
export const ExpenseFailedV1 = defineContract(
  'ExpenseFailed',
  1,
  z.object({ ...ExpenseOutcome, status: z.literal('FAILED'), failureReason: z.string() }),
  'Emitted when an expense could not be applied, with its failureReason.',
);
export const ExpenseDeletedV1 = defineContract(
  'ExpenseDeleted',
  1,
  z.object({ ...ExpenseOutcome, status: z.literal('DELETED') }),
  "Emitted when a deleted expense's effect on the balances has been reversed.",
);

const SettlementOutcome = {
  ...Outcome,
  settlementId: z.string(),
  transferId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.string(),
  currency: z.string(),
};
export const SettlementCompletedV1 = defineContract(
  'SettlementCompleted',
  1,
  z.object({ ...SettlementOutcome, status: z.literal('COMPLETED') }),
  "Emitted when a settlement's transfer completed and the group's debt shrank.",
);
export const SettlementFailedV1 = defineContract(
  'SettlementFailed',
  1,
  z.object({ ...SettlementOutcome, status: z.literal('FAILED'), failureReason: z.string() }),
  "Emitted when a settlement's transfer failed; the group is untouched.",
);

/** One line of a group's activity feed, pushed on the group topic as it is written. */
export const GroupActivityV1 = defineContract(
  'GroupActivity',
  1,
  z.object({ ...Outcome, seq: z.int(), activityType: z.string(), actorId: z.string(), text: z.string() }),
  "Emitted for every item of a group's activity feed (GET /groups/{id}/activity), with its per-group seq.",
);
