/** Request and response shapes of wallets and transfers (validation, types, OpenAPI). */

import { COMMAND_STATUSES, TRANSFER_KINDS } from '../domain/ledger';
import { CURRENCY_CODES } from '../domain/money';
import { ID_PATTERN } from '../validation/ids';
import { textSchema } from '../validation/text';
import * as z from '../validation/zod';

export const CurrencySchema = z.enum(CURRENCY_CODES);
/**
 * A positive decimal string of at most 13 whole digits (1e12 major units) and 2 decimals (the
 * most any supported currency has): the pattern the OpenAPI document states. Its precision
 * against the currency, zero and the upper bound are checked by `parseAmount`.
 */
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?$/;
export const AmountStringSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(32),
    z.regex(AMOUNT_PATTERN, 'must be a positive decimal string like "12.34" (no sign, spaces or exponent, at most 2 decimals)'),
    z.describe('decimal string in the currency minor-unit precision, e.g. "12.34"'),
  );
export const IdSchema = z.string().check(z.regex(ID_PATTERN, 'not a valid id'));

export const CreateAccountRequestSchema = z.strictObject({
  currency: CurrencySchema,
  name: z.optional(textSchema({ min: 1, max: 100 })),
});
export const MoneyMovementRequestSchema = z.strictObject({ amount: AmountStringSchema });

/** The provider's event id: what makes a webhook delivery a repeat. */
export const PROVIDER_EVENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const DepositWebhookSchema = z.strictObject({
  id: z.string().check(z.regex(PROVIDER_EVENT_ID, 'must be 1-128 characters of [A-Za-z0-9_-]')),
  accountId: IdSchema,
  amount: AmountStringSchema,
  currency: CurrencySchema,
});
export const CreateTransferRequestSchema = z.strictObject({
  fromAccountId: IdSchema,
  toAccountId: IdSchema,
  amount: AmountStringSchema,
  currency: CurrencySchema,
  memo: z.optional(textSchema({ max: 140, trim: false })),
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

export const TransferKindSchema = z.enum(TRANSFER_KINDS);
export type TransferKind = z.infer<typeof TransferKindSchema>;

export const TransferSchema = z.object({
  id: z.string(),
  kind: TransferKindSchema,
  status: z.enum(COMMAND_STATUSES),
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
