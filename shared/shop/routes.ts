/** Route contracts of the shop (see shared/http/contract.ts). */
import { defineRoute } from '../http/contract';
import { ListQuerySchema } from '../http/list-query';
import { notYourAccount } from '../ledger/routes';
import { pageOf } from '../ledger/schemas';
import { SKU_PATTERN } from '../validation/ids';
import {
  CreateProductRequestSchema,
  CreatePurchaseRequestSchema,
  ProductSchema,
  PurchaseSchema,
  UpdateProductRequestSchema,
} from './schemas';

const tag = 'Shop';

export const createProduct = defineRoute({
  method: 'POST',
  path: '/products',
  auth: true,
  summary: 'List a product',
  tag,
  status: 201,
  body: CreateProductRequestSchema,
  response: ProductSchema,
  idempotency: { identity: 'POST /products' },
  errors: {
    404: notYourAccount('merchantAccountId'),
    409: 'A product with this sku exists, or the idempotency key was reused with a different body',
  },
});

export const listProducts = defineRoute({
  method: 'GET',
  path: '/products',
  auth: true,
  summary: 'The catalog',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(ProductSchema),
});

export const getProduct = defineRoute({
  method: 'GET',
  path: '/products/{sku}',
  auth: true,
  summary: 'A product with its stock',
  tag,
  params: { sku: SKU_PATTERN },
  status: 200,
  response: ProductSchema,
});

export const updateProduct = defineRoute({
  method: 'PATCH',
  path: '/products/{sku}',
  auth: true,
  summary: 'Change price, stock or name',
  tag,
  params: { sku: SKU_PATTERN },
  status: 200,
  body: UpdateProductRequestSchema,
  response: ProductSchema,
});

export const createPurchase = defineRoute({
  method: 'POST',
  path: '/purchases',
  auth: true,
  summary: 'Buy a product',
  tag,
  movesMoney: true,
  status: 202,
  body: CreatePurchaseRequestSchema,
  response: PurchaseSchema,
  idempotency: { identity: 'POST /purchases' },
  errors: { 404: `No such product (sku); or: ${notYourAccount('accountId')}` },
});

export const getPurchase = defineRoute({
  method: 'GET',
  path: '/purchases/{id}',
  auth: true,
  summary: 'A purchase',
  tag,
  status: 200,
  response: PurchaseSchema,
});

export const listMyPurchases = defineRoute({
  method: 'GET',
  path: '/users/me/purchases',
  auth: true,
  summary: 'The caller’s purchases',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(PurchaseSchema),
});
