/** Request and response shapes of groups and expense splitting (validation, types, OpenAPI). */

import { COMMAND_STATUSES } from '../domain/ledger';
import { RECURRENCE_PERIODS } from '../domain/recurrence';
import { SPLIT_TYPES } from '../domain/splits';
import { AmountStringSchema, CurrencySchema, IdSchema } from '../ledger/schemas';
import { textSchema } from '../validation/text';
import * as z from '../validation/zod';

/**
 * Named bounds. A group's member nets live in one item (a map), so an expense is always
 * a 3-item transaction whatever the group size; the member cap keeps that item small.
 */
export const MAX_GROUP_MEMBERS = 50;
export const MAX_TAGS = 10;

export const CreateGroupRequestSchema = z.strictObject({
  name: textSchema({ min: 1, max: 100 }),
  currency: CurrencySchema,
});
/** `invite: true` keeps an invitation for an address with no user yet (202) instead of the 404. */
export const AddMemberRequestSchema = z.strictObject({ email: z.email().check(z.maxLength(254)), invite: z.optional(z.boolean()) });

const ParticipantSchema = z.strictObject({
  userId: IdSchema,
  amount: z.optional(AmountStringSchema),
  percent: z.optional(z.union([z.string().check(z.maxLength(10)), z.number()])),
  shares: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
});

/** One payer, or several whose amounts sum to the expense amount exactly. */
export const PaidBySchema = z.union([
  IdSchema,
  z.array(z.strictObject({ userId: IdSchema, amount: AmountStringSchema })).check(z.minLength(1), z.maxLength(MAX_GROUP_MEMBERS)),
]);
const ExpenseFields = {
  description: textSchema({ min: 1, max: 200 }),
  amount: AmountStringSchema,
  paidBy: PaidBySchema,
  split: z.strictObject({
    type: z.enum(SPLIT_TYPES),
    participants: z.array(ParticipantSchema).check(z.minLength(1), z.maxLength(MAX_GROUP_MEMBERS)),
  }),
  note: z.optional(textSchema({ max: 1000, multiline: true, trim: false })),
  tags: z.optional(z.array(textSchema({ min: 1, max: 30 })).check(z.maxLength(MAX_TAGS))),
  /**
   * Paid in another currency: `amount` is in it, and `rate` (one unit of it in the group
   * currency, a decimal string) converts it; without `rate`, the admin table's rate of the
   * day is used. Split and payer amounts are then in the group currency.
   */
  currency: z.optional(CurrencySchema),
  rate: z.optional(z.string().check(z.maxLength(30))),
};
export const CreateExpenseRequestSchema = z.strictObject(ExpenseFields);
export type CreateExpenseRequest = z.infer<typeof CreateExpenseRequestSchema>;
/** PATCH: any of the create fields; what is left out stays as it was. */
export const UpdateExpenseRequestSchema = z.strictObject({
  description: z.optional(ExpenseFields.description),
  amount: z.optional(ExpenseFields.amount),
  paidBy: z.optional(ExpenseFields.paidBy),
  split: z.optional(ExpenseFields.split),
  note: z.optional(ExpenseFields.note),
  tags: z.optional(ExpenseFields.tags),
  currency: ExpenseFields.currency,
  rate: ExpenseFields.rate,
});
export type UpdateExpenseRequest = z.infer<typeof UpdateExpenseRequestSchema>;
const IsoDateOrTimeSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'an ISO 8601 date or UTC time'));
/** List filters of expenses; a date range is on createdAt, `to` inclusive of its whole day when a date. */
export const ExpenseFilterSchema = z.strictObject({
  tag: z.optional(z.string().check(z.minLength(1), z.maxLength(30))),
  payer: z.optional(IdSchema),
  participant: z.optional(IdSchema),
  from: z.optional(IsoDateOrTimeSchema),
  to: z.optional(IsoDateOrTimeSchema),
});
const DateSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'));
/** Most recurring expenses a group keeps running at once. */
export const MAX_RECURRING_PER_GROUP = 50;
/**
 * A recurring expense: the fields of an expense, made again every week, month or year from
 * `startsOn` (today or later) until `endsOn` (inclusive) or until stopped.
 */
export const CreateRecurringRequestSchema = z.strictObject({
  ...ExpenseFields,
  every: z.enum(RECURRENCE_PERIODS),
  startsOn: DateSchema,
  endsOn: z.optional(DateSchema),
});
export type CreateRecurringRequest = z.infer<typeof CreateRecurringRequestSchema>;
/** A rate is a decimal string, never a number: no float touches a conversion. */
const RateStringSchema = z.string().check(z.maxLength(30));
export const PutRateRequestSchema = z.strictObject({ rate: RateStringSchema, date: DateSchema });
export const RateSchema = z.object({ base: z.string(), quote: z.string(), rate: z.string(), date: z.string(), setAt: z.string() });
export const SetReceivingAccountRequestSchema = z.strictObject({ receivingAccountId: IdSchema });

export const CreateSettlementRequestSchema = z.strictObject({
  toUserId: IdSchema,
  amount: AmountStringSchema,
  fromAccountId: IdSchema,
  toAccountId: z.optional(IdSchema),
});
export type CreateSettlementRequest = z.infer<typeof CreateSettlementRequestSchema>;
export const CreateCommentRequestSchema = z.strictObject({ text: textSchema({ min: 1, max: 2000, multiline: true }) });

export const MemberSchema = z.object({ userId: z.string(), name: z.string() });
export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: CurrencySchema,
  members: z.array(MemberSchema),
  createdAt: z.string(),
});
/** An expense is a command that can also be deleted (and restored). */
export const ExpenseStatusSchema = z.enum([...COMMAND_STATUSES, 'DELETED']);
export type ExpenseStatus = z.infer<typeof ExpenseStatusSchema>;
export const ShareSchema = z.object({ userId: z.string(), amount: z.string() });
export const ExpenseSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  status: ExpenseStatusSchema,
  description: z.string(),
  amount: z.string(),
  currency: CurrencySchema,
  paidBy: z.union([z.string(), z.array(z.object({ userId: z.string(), amount: z.string() }))]),
  split: z.object({ type: z.string() }),
  shares: z.array(ShareSchema),
  note: z.nullable(z.string()),
  tags: z.array(z.string()),
  /** Paid in another currency: what was paid, and the rate that made `amount` of it. */
  original: z.optional(
    z.object({
      amount: z.string(),
      currency: CurrencySchema,
      rate: z.string(),
      rateDate: z.string(),
      rateSource: z.enum(['given', 'table']),
    }),
  ),
  /** Changes with every edit, deletion and restore; PATCH names it in If-Match. */
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.optional(z.string()),
  completedAt: z.optional(z.string()),
  deletedAt: z.optional(z.string()),
  failureReason: z.optional(z.string()),
  /** Made by a recurring expense: which, and the date of this occurrence. */
  recurring: z.optional(z.object({ id: z.string(), on: z.string() })),
});
export const BalancesSchema = z.object({
  balances: z.array(z.object({ userId: z.string(), name: z.string(), net: z.string() })),
  settlements: z.array(
    z.object({
      from: z.string(),
      fromName: z.string(),
      to: z.string(),
      toName: z.string(),
      amount: z.string(),
      /** The payee has named a receiving account: the payment can go without knowing its id. */
      payeeCanReceive: z.boolean(),
    }),
  ),
});
export const MemberViewSchema = z.object({
  groupId: z.string(),
  userId: z.string(),
  name: z.string(),
  receivingAccountId: z.nullable(z.string()),
});
export const ActivitySchema = z.object({
  seq: z.int(),
  type: z.string(),
  actorId: z.string(),
  text: z.string(),
  occurredAt: z.string(),
});
export const SettlementSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.string(),
  currency: CurrencySchema,
  transferId: z.string(),
  status: z.enum(COMMAND_STATUSES),
  createdAt: z.string(),
  completedAt: z.optional(z.string()),
  failureReason: z.optional(z.string()),
});
export const RecurringSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  status: z.enum(['ACTIVE', 'ENDED', 'STOPPED']),
  every: z.enum(RECURRENCE_PERIODS),
  startsOn: z.string(),
  endsOn: z.nullable(z.string()),
  /** The date of the next occurrence; null once ended or stopped. */
  nextOn: z.nullable(z.string()),
  /** How many occurrences were made so far. */
  made: z.int(),
  expense: z.object({
    description: z.string(),
    amount: z.string(),
    currency: z.optional(CurrencySchema),
    paidBy: z.union([z.string(), z.array(z.object({ userId: z.string(), amount: z.string() }))]),
    split: z.object({ type: z.string() }),
    tags: z.array(z.string()),
  }),
  /** The last occurrence that could not be made (a member left, no rate that day), and why. */
  lastFailure: z.optional(z.object({ on: z.string(), reason: z.string() })),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const CommentSchema = z.object({
  id: z.string(),
  expenseId: z.string(),
  authorId: z.string(),
  text: z.string(),
  createdAt: z.string(),
});
export const GroupSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  memberCount: z.int(),
  createdAt: z.string(),
});
export const GroupEventSchema = z.object({
  seq: z.int(),
  type: z.string(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const AddedMemberSchema = z.extend(MemberSchema, { groupId: z.string(), joinedAt: z.string() });
/** `invite: true` for an address no user has: the invitation, bound when its owner verifies the address. */
export const InvitedMemberSchema = z.object({ groupId: z.string(), email: z.string(), status: z.literal('INVITED') });
