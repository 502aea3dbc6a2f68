/**
 * What an expense does to a group's nets, and what changing it does. Pure: an expense is
 * its payers (who put money in) and its shares (who consumed it); both sum to its amount,
 * so its nets sum to zero, and so does any difference of two expenses' nets.
 */

export interface Portion {
  readonly userId: string;
  readonly amountMinor: bigint;
}

export interface ExpenseEffect {
  readonly payers: readonly Portion[];
  readonly shares: readonly Portion[];
}

/** Payers are owed what they paid; each participant owes their share. */
export function expenseNets(e: ExpenseEffect): Map<string, bigint> {
  const nets = new Map<string, bigint>();
  for (const p of e.payers) nets.set(p.userId, (nets.get(p.userId) ?? 0n) + p.amountMinor);
  for (const s of e.shares) nets.set(s.userId, (nets.get(s.userId) ?? 0n) - s.amountMinor);
  return nets;
}

export const negateNets = (nets: ReadonlyMap<string, bigint>): Map<string, bigint> =>
  new Map([...nets].map(([userId, delta]) => [userId, -delta]));

/** after − before, per member, leaving out members it does not move: the only writes an edit needs. */
export function netsDelta(before: ReadonlyMap<string, bigint>, after: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const delta = new Map<string, bigint>();
  for (const userId of new Set([...before.keys(), ...after.keys()])) {
    const d = (after.get(userId) ?? 0n) - (before.get(userId) ?? 0n);
    if (d !== 0n) delta.set(userId, d);
  }
  return delta;
}

/** Adds deltas into nets (a fold step), dropping no member. */
export function addNets(nets: ReadonlyMap<string, bigint>, delta: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const sum = new Map(nets);
  for (const [userId, d] of delta) sum.set(userId, (sum.get(userId) ?? 0n) + d);
  return sum;
}

/**
 * The most a payer may settle with a payee: what clears the smaller of the payer's debt
 * and the payee's credit, so a settlement can never flip who owes whom.
 */
export function maxSettlementMinor(payerNetMinor: bigint, payeeNetMinor: bigint): bigint {
  if (payerNetMinor >= 0n || payeeNetMinor <= 0n) return 0n;
  return -payerNetMinor < payeeNetMinor ? -payerNetMinor : payeeNetMinor;
}

export type PayersReason = 'PAYERS_SUM_MISMATCH' | 'DUPLICATE_PAYER' | 'NO_PAYERS';

/** Payers must be distinct and sum to the amount exactly. */
export function checkPayers(amountMinor: bigint, payers: readonly Portion[]): PayersReason | null {
  if (payers.length === 0) return 'NO_PAYERS';
  if (new Set(payers.map((p) => p.userId)).size !== payers.length) return 'DUPLICATE_PAYER';
  const sum = payers.reduce((s, p) => s + p.amountMinor, 0n);
  return sum === amountMinor ? null : 'PAYERS_SUM_MISMATCH';
}
