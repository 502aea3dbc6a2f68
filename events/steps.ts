/** Saga step contracts, version 1: one step of a transfer or purchase, for the aggregate that takes it. */
import * as z from '../shared/validation/zod';
import { defineContract } from './contract';

/** Queue message: apply one step of a transfer or purchase to one account. */
export const AccountStepV1 = defineContract(
  'AccountStep',
  1,
  z.object({
    command: z.enum(['transfer', 'purchase']),
    commandId: z.string(),
    step: z.enum(['debit', 'credit', 'refund']),
    accountId: z.string(),
    /** The account on the other side, so a debit reads both in one round trip (a hint: the command decides). */
    counterpartyAccountId: z.nullable(z.string()),
  }),
  "Sent by the command that starts a transfer (debit, or a deposit's credit) or a purchase's stock reservation, and by each step for the next; FIFO group: the account, its only writer.",
);

/** Queue message: reserve or release a purchase's stock. */
export const StockStepV1 = defineContract(
  'StockStep',
  1,
  z.object({ purchaseId: z.string(), step: z.enum(['reserve', 'release']), sku: z.string() }),
  "Sent by POST /purchases (reserve) and by a purchase whose payment was refused (release); FIFO group: the product, its stock's only writer.",
);
