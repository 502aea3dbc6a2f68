/**
 * A settle-up plan with the fewest payments that clears every net balance.
 *
 * A plan over k people with non-zero nets needs at least k − (number of disjoint
 * zero-sum subsets they split into) payments, and a subset of size s can always be
 * cleared with s − 1 payments. So the minimum comes from partitioning into as many
 * zero-sum subsets as possible: a DP over bitmasks, O(2^n · n) time and O(2^n) memory,
 * exact for up to EXACT_LIMIT people. Beyond that, a greedy (largest debtor pays the
 * largest creditor) that still never needs more than n − 1 payments.
 */

export interface Net {
  readonly userId: string;
  /** Positive: is owed money. Negative: owes money. */
  readonly netMinor: bigint;
}

export interface Payment {
  readonly from: string;
  readonly to: string;
  readonly amountMinor: bigint;
}

export const EXACT_LIMIT = 15;

const byUser = (a: Net, b: Net) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/** Largest debtor pays largest creditor until all are even: at most n − 1 payments. */
export function greedyPlan(nets: readonly Net[]): Payment[] {
  const people = nets.filter((n) => n.netMinor !== 0n).map((n) => ({ ...n }));
  const payments: Payment[] = [];
  for (;;) {
    people.sort((a, b) => (a.netMinor === b.netMinor ? byUser(a, b) : a.netMinor < b.netMinor ? -1 : 1));
    const debtor = people[0];
    const creditor = people[people.length - 1];
    if (!debtor || !creditor || debtor.netMinor >= 0n) return payments;
    const amount = -debtor.netMinor < creditor.netMinor ? -debtor.netMinor : creditor.netMinor;
    payments.push({ from: debtor.userId, to: creditor.userId, amountMinor: amount });
    debtor.netMinor += amount;
    creditor.netMinor -= amount;
    for (let i = people.length - 1; i >= 0; i -= 1) if (people[i]?.netMinor === 0n) people.splice(i, 1);
  }
}

/** Splits people into the most zero-sum groups (bitmask DP). */
function zeroSumGroups(people: readonly Net[]): Net[][] {
  const n = people.length;
  const size = 1 << n;
  const sums = new Array<bigint>(size).fill(0n);
  const best = new Int32Array(size);
  for (let mask = 1; mask < size; mask += 1) {
    const low = Math.clz32(1) - Math.clz32(mask & -mask);
    sums[mask] = (sums[mask & (mask - 1)] as bigint) + (people[low] as Net).netMinor;
    let top = 0;
    for (let i = 0; i < n; i += 1) if (mask & (1 << i)) top = Math.max(top, best[mask ^ (1 << i)] as number);
    best[mask] = top + (sums[mask] === 0n ? 1 : 0);
  }
  // Walk back: the order people were added, cut wherever the running sum returns to zero.
  const order: number[] = [];
  for (let mask = size - 1; mask > 0; ) {
    const gain = sums[mask] === 0n ? 1 : 0;
    let pick = -1;
    for (let i = 0; i < n && pick < 0; i += 1) {
      if (mask & (1 << i) && (best[mask ^ (1 << i)] as number) + gain === best[mask]) pick = i;
    }
    order.unshift(pick);
    mask ^= 1 << pick;
  }
  const groups: Net[][] = [];
  let current: Net[] = [];
  let running = 0n;
  for (const index of order) {
    const person = people[index] as Net;
    current.push(person);
    running += person.netMinor;
    if (running === 0n) {
      groups.push(current);
      current = [];
    }
  }
  return groups;
}

export function settleUp(nets: readonly Net[]): Payment[] {
  const total = nets.reduce((sum, n) => sum + n.netMinor, 0n);
  if (total !== 0n) throw new Error(`Invariant: group nets sum to zero, got ${total}`);
  const people = nets.filter((n) => n.netMinor !== 0n).sort(byUser);
  if (people.length > EXACT_LIMIT) return greedyPlan(people);
  return zeroSumGroups(people).flatMap((group) => greedyPlan(group));
}
