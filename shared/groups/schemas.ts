/** Request and response shapes of groups and expense splitting (validation, types, OpenAPI). */
import * as z from 'zod';
import { AmountStringSchema, CurrencySchema, IdSchema } from '../ledger/schemas';

/**
 * Named bounds. A group's member nets live in one item (a map), so an expense is always
 * a 3-item transaction whatever the group size; the member cap keeps that item small
 * and settle-up exact.
 */
export const MAX_GROUP_MEMBERS = 50;
export const MAX_TAGS = 10;

export const CreateGroupRequestSchema = z.object({ name: z.string().trim().min(1).max(100), currency: CurrencySchema }).strict();
export const AddMemberRequestSchema = z.object({ email: z.email().max(254) }).strict();

const ParticipantSchema = z
  .object({
    userId: IdSchema,
    amount: AmountStringSchema.optional(),
    percent: z.union([z.string().max(10), z.number()]).optional(),
    shares: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

export const CreateExpenseRequestSchema = z
  .object({
    description: z.string().trim().min(1).max(200),
    amount: AmountStringSchema,
    paidBy: IdSchema,
    split: z
      .object({
        type: z.enum(['equal', 'exact', 'percent', 'shares']),
        participants: z.array(ParticipantSchema).min(1).max(MAX_GROUP_MEMBERS),
      })
      .strict(),
    note: z.string().max(1000).optional(),
    tags: z.array(z.string().trim().min(1).max(30)).max(MAX_TAGS).optional(),
  })
  .strict();
export type CreateExpenseRequest = z.infer<typeof CreateExpenseRequestSchema>;

export const CreateSettlementRequestSchema = z
  .object({ toUserId: IdSchema, amount: AmountStringSchema, fromAccountId: IdSchema, toAccountId: IdSchema })
  .strict();
export const CreateCommentRequestSchema = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

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
  note: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  completedAt: z.string().optional(),
  deletedAt: z.string().optional(),
  failureReason: z.string().optional(),
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
