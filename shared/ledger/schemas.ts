/** Request and response shapes of wallets and transfers (validation, types, OpenAPI). */
import * as z from 'zod';
import { CURRENCY_CODES } from '../domain/money';

export const CurrencySchema = z.enum(CURRENCY_CODES);
/** A decimal string; its precision is checked against the currency by `parseAmount`. */
export const AmountStringSchema = z.string().min(1).max(32).describe('decimal string in the currency minor-unit precision, e.g. "12.34"');
export const IdSchema = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'not a valid id');

export const CreateAccountRequestSchema = z
  .object({ currency: CurrencySchema, name: z.string().trim().min(1).max(100).optional() })
  .strict();
export const MoneyMovementRequestSchema = z.object({ amount: AmountStringSchema }).strict();
export const CreateTransferRequestSchema = z
  .object({
    fromAccountId: IdSchema,
    toAccountId: IdSchema,
    amount: AmountStringSchema,
    currency: CurrencySchema,
    memo: z.string().max(140).optional(),
  })
  .strict();

export const AccountSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  currency: CurrencySchema,
  balance: z.string(),
  status: z.enum(['OPEN', 'CLOSED']),
  createdAt: z.string(),
});
export type AccountView = z.infer<typeof AccountSchema>;

export const TransferKindSchema = z.enum(['transfer', 'deposit', 'withdrawal', 'settlement']);
export type TransferKind = z.infer<typeof TransferKindSchema>;

export const TransferSchema = z.object({
  id: z.string(),
  kind: TransferKindSchema,
  status: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
  fromAccountId: z.string().nullable(),
  toAccountId: z.string().nullable(),
  amount: z.string(),
  currency: CurrencySchema,
  memo: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().optional(),
  failureReason: z.string().optional(),
});
export type TransferView = z.infer<typeof TransferSchema>;

export const EntrySchema = z.object({
  id: z.string(),
  transferId: z.string(),
  amount: z.string(),
  balanceAfter: z.string(),
  kind: z.enum(['deposit', 'withdrawal', 'transfer', 'purchase', 'settlement']),
  createdAt: z.string(),
});

export const AccountEventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
