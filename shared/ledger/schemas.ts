/** Request and response shapes of wallets and transfers (validation, types, OpenAPI). */
import { CURRENCY_CODES } from '../domain/money';
import { ID_PATTERN } from '../validation/ids';
import * as z from '../validation/zod';

export const CurrencySchema = z.enum(CURRENCY_CODES);
/** A decimal string; its precision is checked against the currency by `parseAmount`. */
export const AmountStringSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(32), z.describe('decimal string in the currency minor-unit precision, e.g. "12.34"'));
export const IdSchema = z.string().check(z.regex(ID_PATTERN, 'not a valid id'));

export const CreateAccountRequestSchema = z.strictObject({
  currency: CurrencySchema,
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
});
export const MoneyMovementRequestSchema = z.strictObject({ amount: AmountStringSchema });
export const CreateTransferRequestSchema = z.strictObject({
  fromAccountId: IdSchema,
  toAccountId: IdSchema,
  amount: AmountStringSchema,
  currency: CurrencySchema,
  memo: z.optional(z.string().check(z.maxLength(140))),
});

export const AccountSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  currency: CurrencySchema,
  balance: z.string(),
  /** Money on its way to the account and not yet applied (GET /accounts/{id} only). */
  incoming: z.optional(z.string()),
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
  fromAccountId: z.nullable(z.string()),
  toAccountId: z.nullable(z.string()),
  amount: z.string(),
  currency: CurrencySchema,
  memo: z.nullable(z.string()),
  createdAt: z.string(),
  completedAt: z.optional(z.string()),
  failureReason: z.optional(z.string()),
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
  seq: z.int(),
  type: z.string(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const pageOf = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
