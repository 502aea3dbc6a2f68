/** Request and response shapes of groups and expense splitting (validation, types, OpenAPI). */
import { AmountStringSchema, CurrencySchema, IdSchema } from '../ledger/schemas';
import * as z from '../validation/zod';

/**
 * Named bounds. A group's member nets live in one item (a map), so an expense is always
 * a 3-item transaction whatever the group size; the member cap keeps that item small.
 */
export const MAX_GROUP_MEMBERS = 50;
export const MAX_TAGS = 10;

export const CreateGroupRequestSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  currency: CurrencySchema,
});
export const AddMemberRequestSchema = z.strictObject({ email: z.email().check(z.maxLength(254)) });

const ParticipantSchema = z.strictObject({
  userId: IdSchema,
  amount: z.optional(AmountStringSchema),
  percent: z.optional(z.union([z.string().check(z.maxLength(10)), z.number()])),
  shares: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
});

export const CreateExpenseRequestSchema = z.strictObject({
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  amount: AmountStringSchema,
  paidBy: IdSchema,
  split: z.strictObject({
    type: z.enum(['equal', 'exact', 'percent', 'shares']),
    participants: z.array(ParticipantSchema).check(z.minLength(1), z.maxLength(MAX_GROUP_MEMBERS)),
  }),
  note: z.optional(z.string().check(z.maxLength(1000))),
  tags: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(30))).check(z.maxLength(MAX_TAGS))),
});
export type CreateExpenseRequest = z.infer<typeof CreateExpenseRequestSchema>;

export const CreateSettlementRequestSchema = z.strictObject({
  toUserId: IdSchema,
  amount: AmountStringSchema,
  fromAccountId: IdSchema,
  toAccountId: IdSchema,
});
export const CreateCommentRequestSchema = z.strictObject({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)) });

export const MemberSchema = z.object({ userId: z.string(), name: z.string() });
export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: CurrencySchema,
  members: z.array(MemberSchema),
  createdAt: z.string(),
});
export const ShareSchema = z.object({ userId: z.string(), amount: z.string() });
export const ExpenseSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'FAILED', 'DELETED']),
  description: z.string(),
  amount: z.string(),
  currency: CurrencySchema,
  paidBy: z.string(),
  split: z.object({ type: z.string() }),
  shares: z.array(ShareSchema),
  note: z.nullable(z.string()),
  tags: z.array(z.string()),
  createdAt: z.string(),
  completedAt: z.optional(z.string()),
  deletedAt: z.optional(z.string()),
  failureReason: z.optional(z.string()),
});
export const BalancesSchema = z.object({
  balances: z.array(z.object({ userId: z.string(), net: z.string() })),
  settlements: z.array(z.object({ from: z.string(), to: z.string(), amount: z.string() })),
});
export const SettlementSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.string(),
  currency: CurrencySchema,
  transferId: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
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
export const AddedMemberSchema = z.extend(MemberSchema, { groupId: z.string() });
