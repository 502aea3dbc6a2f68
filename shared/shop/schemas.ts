/** Request and response shapes of the shop (validation, types, OpenAPI). */

import { COMMAND_STATUSES } from '../domain/ledger';
import { AmountStringSchema, CurrencySchema, IdSchema } from '../ledger/schemas';
import { SKU_PATTERN } from '../validation/ids';
import { textSchema } from '../validation/text';
import * as z from '../validation/zod';

/** Named bounds: a purchase of at most this many units, a stock of at most this many. */
export const MAX_QUANTITY = 1_000;
export const MAX_STOCK = 1_000_000_000;

export const SkuSchema = z.string().check(z.regex(SKU_PATTERN, 'sku: 1-64 characters of A-Z a-z 0-9 . _ -, not only dots'));
const StockSchema = z.int().check(z.gte(0), z.lte(MAX_STOCK));
const ProductNameSchema = textSchema({ min: 1, max: 200 });

export const CreateProductRequestSchema = z.strictObject({
  sku: SkuSchema,
  name: ProductNameSchema,
  price: AmountStringSchema,
  currency: CurrencySchema,
  stock: StockSchema,
  merchantAccountId: IdSchema,
});

export const UpdateProductRequestSchema = z
  .strictObject({ price: z.optional(AmountStringSchema), stock: z.optional(StockSchema), name: z.optional(ProductNameSchema) })
  .check(z.refine((patch) => Object.keys(patch).length > 0, 'Give at least one of price, stock, name.'))
  // What the refine says, in the OpenAPI document: `{}` is no valid patch.
  .register(z.globalRegistry, { minProperties: 1 });

export const CreatePurchaseRequestSchema = z.strictObject({
  sku: SkuSchema,
  quantity: z.int().check(z.gte(1), z.lte(MAX_QUANTITY)),
  accountId: IdSchema,
});

export const ProductSchema = z.object({
  sku: z.string(),
  name: z.string(),
  price: z.string(),
  currency: CurrencySchema,
  stock: z.int(),
  merchantAccountId: z.string(),
  merchantId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductView = z.infer<typeof ProductSchema>;

export const PurchaseSchema = z.object({
  id: z.string(),
  status: z.enum(COMMAND_STATUSES),
  sku: z.string(),
  quantity: z.int(),
  unitPrice: z.string(),
  total: z.string(),
  currency: CurrencySchema,
  buyerId: z.string(),
  accountId: z.string(),
  merchantAccountId: z.string(),
  createdAt: z.string(),
  completedAt: z.optional(z.string()),
  failureReason: z.optional(z.string()),
});
export type PurchaseView = z.infer<typeof PurchaseSchema>;
