/**
 * Operations across aggregates as short sagas, pure. Every item money or stock goes through
 * has one writer, the FIFO message group of its aggregate (an account, a product), so an
 * operation that touches several is a chain of steps, each one transaction in one aggregate,
 * each handing the next step to the next aggregate's group:
 *
 *   deposit      credit(to, from the world)                         → COMPLETED
 *   withdrawal   debit(from, to the world)                          → COMPLETED
 *   transfer     debit(from) → credit(to)                           → COMPLETED
 *                                 └ refused → refund(from)          → FAILED
 *   purchase     reserve(product) → debit(buyer) → credit(merchant) → COMPLETED
 *                                      │               └ refused → refund(buyer) → release(product) → FAILED
 *                                      └ refused → release(product)                                  → FAILED
 *
 * A first step that is refused ends the command FAILED with nothing moved. Between a debit and
 * its credit (or refund) the money is in flight, held by the command: per currency,
 * Σ balances + Σ in flight = 0 at every moment.
 */
import type { EntryKind, FailureReason, PostingType } from './ledger';

export type SagaKind = 'deposit' | 'withdrawal' | 'transfer' | 'settlement' | 'purchase';
export type StepName = 'debit' | 'credit' | 'refund' | 'reserve' | 'release';
export type AggregateKind = 'account' | 'product';

/** What the rules need of a transfer or a purchase. */
export interface SagaCommand {
  readonly kind: SagaKind;
  /** The amount moved: a transfer's amount, a purchase's total. */
  readonly amountMinor: bigint;
  /** The debited account (the buyer's); null for a deposit. */
  readonly payerAccountId: string | null;
  /** The credited account (the merchant's); null for a withdrawal. */
  readonly payeeAccountId: string | null;
  /** A purchase's product and quantity. */
  readonly sku?: string;
  readonly quantity?: number;
}

export interface StepTarget {
  readonly aggregate: AggregateKind;
  readonly id: string;
}

export type Transition =
  | { readonly kind: 'next'; readonly step: StepName }
  | { readonly kind: 'end'; readonly status: 'COMPLETED' | 'FAILED' };

interface StepRule {
  readonly target: (c: SagaCommand) => StepTarget;
  readonly onDone: Transition;
  /** Absent: the step cannot be refused (it gives back what the saga took). */
  readonly onRefused?: Transition;
}

const next = (step: StepName): Transition => ({ kind: 'next', step });
const end = (status: 'COMPLETED' | 'FAILED'): Transition => ({ kind: 'end', status });

function required(id: string | null | undefined, what: string): string {
  if (!id) throw new Error(`Invariant: this step needs ${what}`);
  return id;
}
const payer = (c: SagaCommand): StepTarget => ({ aggregate: 'account', id: required(c.payerAccountId, 'a debited account') });
const payee = (c: SagaCommand): StepTarget => ({ aggregate: 'account', id: required(c.payeeAccountId, 'a credited account') });
const product = (c: SagaCommand): StepTarget => ({ aggregate: 'product', id: required(c.sku, 'a product') });

const moving: Readonly<Partial<Record<StepName, StepRule>>> = {
  debit: { target: payer, onDone: next('credit'), onRefused: end('FAILED') },
  credit: { target: payee, onDone: end('COMPLETED'), onRefused: next('refund') },
  refund: { target: payer, onDone: end('FAILED') },
};

const RULES: Readonly<Record<SagaKind, Readonly<Partial<Record<StepName, StepRule>>>>> = {
  deposit: { credit: { target: payee, onDone: end('COMPLETED'), onRefused: end('FAILED') } },
  withdrawal: { debit: { target: payer, onDone: end('COMPLETED'), onRefused: end('FAILED') } },
  transfer: moving,
  settlement: moving,
  purchase: {
    reserve: { target: product, onDone: next('debit'), onRefused: end('FAILED') },
    debit: { target: payer, onDone: next('credit'), onRefused: next('release') },
    credit: { target: payee, onDone: end('COMPLETED'), onRefused: next('refund') },
    refund: { target: payer, onDone: next('release') },
    release: { target: product, onDone: end('FAILED') },
  },
};

const FIRST_STEP: Readonly<Record<SagaKind, StepName>> = {
  deposit: 'credit',
  withdrawal: 'debit',
  transfer: 'debit',
  settlement: 'debit',
  purchase: 'reserve',
};

function ruleOf(c: SagaCommand, step: StepName): StepRule {
  const rule = RULES[c.kind][step];
  if (!rule) throw new Error(`Invariant: a ${c.kind} has no ${step} step`);
  return rule;
}

export const firstStep = (c: SagaCommand): StepName => FIRST_STEP[c.kind];

export const hasStep = (c: SagaCommand, step: string): step is StepName => RULES[c.kind][step as StepName] !== undefined;

export const targetOf = (c: SagaCommand, step: StepName): StepTarget => ruleOf(c, step).target(c);

/** Where the saga goes once `step` is done or refused. A refusal of a step that cannot be refused is a bug. */
export function afterStep(c: SagaCommand, step: StepName, outcome: 'done' | 'refused'): Transition {
  const rule = ruleOf(c, step);
  if (outcome === 'done') return rule.onDone;
  if (!rule.onRefused) throw new Error(`Invariant: the ${step} step of a ${c.kind} gives back what it took and is never refused`);
  return rule.onRefused;
}

/** Money the command holds while it waits for `step`: debited from one account, not yet in another. */
export function inFlightAt(c: SagaCommand, step: StepName | undefined): bigint {
  if (c.kind === 'deposit' || c.kind === 'withdrawal') return 0n;
  return step === 'credit' || step === 'refund' ? c.amountMinor : 0n;
}

export interface AccountLeg {
  readonly accountId: string;
  /** Signed: negative debits the account. */
  readonly amount: bigint;
  readonly type: PostingType;
  readonly entryKind: EntryKind;
  readonly counterpartyAccountId: string | null;
  /** What the per-currency world account takes (+) or gives (−) in the same transaction: deposits and withdrawals. */
  readonly worldDelta: bigint;
}

/** The posting an account step makes; every step's legs, with the world's, sum to zero over the saga. */
export function accountLegOf(c: SagaCommand, step: StepName): AccountLeg {
  const entryKind: EntryKind = c.kind;
  const a = c.amountMinor;
  const world = c.kind === 'deposit' || c.kind === 'withdrawal';
  switch (step) {
    case 'debit':
      return {
        accountId: payer(c).id,
        amount: -a,
        type: 'Debited',
        entryKind,
        counterpartyAccountId: c.payeeAccountId,
        worldDelta: world ? a : 0n,
      };
    case 'credit':
      return {
        accountId: payee(c).id,
        amount: a,
        type: 'Credited',
        entryKind,
        counterpartyAccountId: c.payerAccountId,
        worldDelta: world ? -a : 0n,
      };
    case 'refund':
      return { accountId: payer(c).id, amount: a, type: 'Refunded', entryKind, counterpartyAccountId: c.payeeAccountId, worldDelta: 0n };
    default:
      throw new Error(`Invariant: ${step} is not an account step`);
  }
}

/** The stock a product step moves: a reservation takes the quantity, a release gives it back. */
export function stockDeltaOf(c: SagaCommand, step: StepName): number {
  const quantity = c.quantity ?? 0;
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new Error('Invariant: a purchase has a positive quantity');
  if (step === 'reserve') return -quantity;
  if (step === 'release') return quantity;
  throw new Error(`Invariant: ${step} is not a product step`);
}

export interface ProductSnapshot {
  readonly exists: boolean;
  readonly stock: number;
}

/** Applies stock steps in order, each seeing the stock the ones before it left. */
export function applyStockSteps(
  productState: ProductSnapshot,
  deltas: readonly number[],
): { readonly results: readonly (FailureReason | undefined)[]; readonly stock: number } {
  let stock = productState.stock;
  const results = deltas.map((delta): FailureReason | undefined => {
    if (!productState.exists) return delta < 0 ? 'PRODUCT_NOT_FOUND' : undefined;
    if (delta < 0 && stock < -delta) return 'OUT_OF_STOCK';
    stock += delta;
    return undefined;
  });
  return { results, stock };
}
