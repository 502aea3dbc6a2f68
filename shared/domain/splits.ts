/**
 * Splitting an expense among participants, exactly: shares always sum to the amount.
 *
 * Every mode reduces to integer weights (equal: 1 each; exact: the amounts; percent:
 * basis points; shares: the share counts). Each participant gets floor(amount × w / W);
 * the remaining minor units go one at a time to the largest fractional remainders,
 * ties broken by the participants' order in the request (largest-remainder method).
 */
import { fail, ok, type Result } from './result';

export const SPLIT_TYPES = ['equal', 'exact', 'percent', 'shares'] as const;
export type SplitType = (typeof SPLIT_TYPES)[number];

export interface SplitParticipant {
  readonly userId: string;
  readonly amount?: bigint;
  /** Percent × 100 (12.5% = 1250n). */
  readonly percentBasisPoints?: bigint;
  readonly shares?: bigint;
}

export interface Share {
  readonly userId: string;
  readonly amountMinor: bigint;
}

export type SplitFailure =
  | 'NO_PARTICIPANTS'
  | 'DUPLICATE_PARTICIPANT'
  | 'MISSING_VALUE'
  | 'VALUE_NOT_FOR_SPLIT_TYPE'
  | 'EXACT_SUM_MISMATCH'
  | 'PERCENT_SUM_NOT_100'
  | 'INVALID_SHARES'
  | 'INVALID_AMOUNT';

export const FULL_PERCENT_BASIS_POINTS = 10_000n;

export function allocate(amount: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total <= 0n) throw new Error('Invariant: allocation weights sum to more than zero');
  const floors = weights.map((w) => (amount * w) / total);
  const remainders = weights.map((w, index) => ({ index, remainder: (amount * w) % total }));
  let left = amount - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    floors[index] = (floors[index] as bigint) + 1n;
    left -= 1n;
  }
  return floors;
}

type ValueKey = Exclude<keyof SplitParticipant, 'userId'>;

/**
 * The participant value each split type weighs by (equal: none, everyone weighs 1). Any
 * other value would be silently ignored, so it is refused.
 */
const VALUE_OF: Record<SplitType, ValueKey | null> = {
  equal: null,
  exact: 'amount',
  percent: 'percentBasisPoints',
  shares: 'shares',
};
const VALUE_KEYS = Object.values(VALUE_OF).filter((key): key is ValueKey => key !== null);

function weightsOf(type: SplitType, amount: bigint, participants: readonly SplitParticipant[]): Result<bigint[], SplitFailure> {
  const valueKey = VALUE_OF[type];
  if (participants.some((p) => VALUE_KEYS.some((key) => key !== valueKey && p[key] !== undefined))) return fail('VALUE_NOT_FOR_SPLIT_TYPE');
  const values = participants.map((p) => (valueKey === null ? 1n : p[valueKey]));
  if (values.some((v) => v === undefined)) return fail('MISSING_VALUE');
  const weights = values as bigint[];
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (type === 'exact' && (weights.some((w) => w < 0n) || sum !== amount)) return fail('EXACT_SUM_MISMATCH');
  if (type === 'percent' && (weights.some((w) => w < 0n) || sum !== FULL_PERCENT_BASIS_POINTS)) return fail('PERCENT_SUM_NOT_100');
  if (type === 'shares' && weights.some((w) => w <= 0n)) return fail('INVALID_SHARES');
  return ok(weights);
}

export function splitExpense(amount: bigint, type: SplitType, participants: readonly SplitParticipant[]): Result<Share[], SplitFailure> {
  if (amount <= 0n) return fail('INVALID_AMOUNT');
  if (participants.length === 0) return fail('NO_PARTICIPANTS');
  if (new Set(participants.map((p) => p.userId)).size !== participants.length) return fail('DUPLICATE_PARTICIPANT');
  const weights = weightsOf(type, amount, participants);
  if (!weights.ok) return weights;
  const amounts = allocate(amount, weights.value);
  return ok(participants.map((p, i) => ({ userId: p.userId, amountMinor: amounts[i] as bigint })));
}

/** "33.33" → 3333n basis points; at most 2 decimals, 0 < p ≤ 100. */
export function parsePercent(text: string): Result<bigint> {
  const match = /^(0|[1-9]\d{0,2})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return fail('must be a number with at most 2 decimals');
  const value = BigInt(match[1] as string) * 100n + BigInt((match[2] ?? '').padEnd(2, '0') || '0');
  if (value <= 0n || value > FULL_PERCENT_BASIS_POINTS) return fail('must be more than 0 and at most 100');
  return ok(value);
}
