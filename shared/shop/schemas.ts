/** Request and response shapes of the shop (validation, types, OpenAPI). */
import * as z from 'zod';
import { AmountStringSchema, CurrencySchema, IdSchema } from '../ledger/schemas';

/** Named bounds: a purchase of at most this many units, a stock of at most this many. */
export const MAX_QUANTITY = 1_000;
export const MAX_STOCK = 1_000_000_000;

export const SkuSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'sku: 1-64 characters of A-Z a-z 0-9 . _ -');
const StockSchema = z.number().int().min(0).max(MAX_STOCK);

export const CreateProductRequestSchema = z
  .object({
    sku: SkuSchema,
    name: z.string().trim().min(1).max(200),
    price: AmountStringSchema,
    currency: CurrencySchema,
    stock: StockSchema,
    merchantAccountId: IdSchema,
  })
  .strict();

export const UpdateProductRequestSchema = z
  .object({ price: AmountStringSchema.optional(), stock: StockSchema.optional(), name: z.string().trim().min(1).max(200).optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'Give at least one of price, stock, name.');

export const CreatePurchaseRequestSchema = z
  .object({ sku: SkuSchema, quantity: z.number().int().min(1).max(MAX_QUANTITY), accountId: IdSchema })
  .strict();

export const ProductSchema = z.object({
  sku: z.string(),
  name: z.string(),
  price: z.string(),
  currency: CurrencySchema,
  stock: z.number().int(),
  merchantAccountId: z.string(),
  merchantId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductView = z.infer<typeof ProductSchema>;

export const PurchaseSchema = z.object({
  id: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
  sku: z.string(),
  quantity: z.number().int(),
  unitPrice: z.string(),
  total: z.string(),
  currency: CurrencySchema,
  buyerId: z.string(),
  accountId: z.string(),
  merchantAccountId: z.string(),
  createdAt: z.string(),
  completedAt: z.string().optional(),
  failureReason: z.string().optional(),
});
export type PurchaseView = z.infer<typeof PurchaseSchema>;
