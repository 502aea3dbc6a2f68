/**
 * The product aggregate's side of purchases: reserving stock and releasing it, applied by the
 * product's FIFO message group, the only writer of its stock. A batch of reservations for one
 * best seller reads the product once and writes its stock once; each reservation is granted in
 * order while the stock lasts, the rest are refused OUT_OF_STOCK. The write is conditioned on
 * the stock read, so a merchant's PATCH in between makes the batch read it again.
 */
import { parseDetail } from '../../events/contract';
import { StockStepV1 } from '../../events/steps';
import { stockDeltaOf } from '../domain/sagas';
import { batchGetConsistent, foundItem } from '../dynamo/batch-get';
import { mainTableName } from '../dynamo/client';
import { type Key, keys } from '../dynamo/keys';
import type { TransactItem } from '../dynamo/transact';
import { queueMessageOf } from '../processing/message-body';
import type { GroupWork, StepAggregate } from '../processing/step-batch';
import type * as z from '../validation/zod';
import { advance, type Effects, effectsOfStale, giveUpStep, isPendingAt, mergeEffects, SAGAS, type SagaRecord } from './commands';

export type StockStep = z.infer<typeof StockStepV1.schema>;

const itemKey = (k: Key): string => `${k.pk}|${k.sk}`;

type Found = Map<string, Record<string, unknown>>;

function foldProduct(table: string, sku: string, messages: readonly StockStep[], found: Found, at: string): GroupWork {
  const productKey = keys.product(sku);
  const product = foundItem(found, productKey);
  const readStock = product ? Number(product.stock) : 0;
  let stock = readStock;
  const items: string[] = [];
  const actions: TransactItem[] = [];
  const effects: Effects[] = [];
  const touched = new Set<string>();
  for (const m of messages) {
    const key = keys.purchase(m.purchaseId);
    const record = foundItem(found, key) as SagaRecord | undefined;
    if (touched.has(itemKey(key)) || !isPendingAt(record, m.step) || SAGAS.purchase.saga(record).sku !== sku) {
      effects.push(effectsOfStale('purchase', record));
      continue;
    }
    const delta = stockDeltaOf(SAGAS.purchase.saga(record), m.step);
    // A release of a product that is gone has nothing to give back to: it is done.
    const refusal = !product ? (delta < 0 ? 'PRODUCT_NOT_FOUND' : undefined) : delta < 0 && stock < -delta ? 'OUT_OF_STOCK' : undefined;
    if (!refusal && product) stock += delta;
    const advanced = advance('purchase', table, record, m.step, refusal ? { done: false, reason: refusal } : { done: true }, at);
    touched.add(itemKey(key));
    items.push(itemKey(key));
    actions.push(advanced.update);
    effects.push(advanced.effects);
  }
  if (product && touched.size > 0) {
    items.unshift(itemKey(productKey));
    // Conditioned on the stock read: the decisions above stand only on it.
    actions.unshift(
      stock !== readStock
        ? {
            Update: {
              TableName: table,
              Key: productKey,
              UpdateExpression: 'SET stock = :stock',
              ConditionExpression: 'stock = :read',
              ExpressionAttributeValues: { ':stock': stock, ':read': readStock },
            },
          }
        : {
            ConditionCheck: {
              TableName: table,
              Key: productKey,
              ConditionExpression: 'stock = :read',
              ExpressionAttributeValues: { ':read': readStock },
            },
          },
    );
  }
  if (stock < 0) throw new Error(`Invariant: stock never goes negative (${sku}: ${stock})`);
  return { id: sku, items, actions, shared: new Map(), effects: mergeEffects(effects) };
}

export const stockSteps: StepAggregate<StockStep> = {
  queue: 'products',
  parse: (body) => {
    const message = queueMessageOf(body);
    if (message.type !== StockStepV1.type) throw new Error(`Unexpected message ${message.type} on the products queue`);
    return parseDetail(StockStepV1, message.detail);
  },
  async plan(groups, at) {
    const table = mainTableName();
    const all = [...groups.values()].flat();
    const found = await batchGetConsistent([
      ...[...groups.keys()].map((sku) => keys.product(sku)),
      ...all.map((m) => keys.purchase(m.purchaseId)),
    ]);
    const plans = new Map<string, GroupWork | Error>();
    for (const [sku, messages] of groups) {
      try {
        plans.set(sku, foldProduct(table, sku, messages, found, at));
      } catch (error) {
        plans.set(sku, error as Error);
      }
    }
    return plans;
  },
  sharedAction: () => {
    throw new Error('Invariant: products share no item');
  },
  giveUp: (m, at) => giveUpStep('purchase', m.purchaseId, m.step, at),
};
