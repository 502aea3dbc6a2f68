/**
 * A settle-up plan with the fewest payments that clears every net balance.
 *
 * A plan over k people with non-zero nets needs at least k − (number of disjoint
 * zero-sum subsets they split into) payments, and a subset of size s can always be
 * cleared with s − 1 payments. So the minimum comes from partitioning into as many
 * zero-sum subsets as possible. That is NP-hard in general, so:
 * 1. Two people whose nets are exact opposites settle with each other. This never costs
 *    a payment: in a best partition that keeps them apart, swapping them into a pair of
 *    their own leaves as many zero-sum subsets.
 * 2. The rest, up to EXACT_LIMIT people, go through a DP over bitmasks, O(2^n · n) time
 *    and O(2^n) memory: exact.
 * 3. Beyond that, a greedy (largest debtor pays the largest creditor) that still never
 *    needs more than n − 1 payments.
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

/** 2^20 subsets: a few tens of milliseconds and 5 MB, once per balances read. */
export const EXACT_LIMIT = 20;

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
    // biome-ignore lint/complexity/useMathMinMax: these are bigints, which Math.min does not take.
    const amount = -debtor.netMinor < creditor.netMinor ? -debtor.netMinor : creditor.netMinor;
    payments.push({ from: debtor.userId, to: creditor.userId, amountMinor: amount });
    debtor.netMinor += amount;
    creditor.netMinor -= amount;
    for (let i = people.length - 1; i >= 0; i -= 1) if (people[i]?.netMinor === 0n) people.splice(i, 1);
  }
}

/**
 * Splits people into the most zero-sum groups (bitmask DP). Subset sums are kept modulo
 * 2^32 in an Int32Array (bigints for 2^20 subsets would be slow and large); a subset only
 * counts as zero-sum once its exact bigint sum is checked.
 */
function zeroSumGroups(people: readonly Net[]): Net[][] {
  const n = people.length;
  const size = 1 << n;
  const low32 = people.map((p) => Number(BigInt.asIntN(32, p.netMinor)));
  const lowSums = new Int32Array(size);
  const best = new Int8Array(size);
  const exactSum = (mask: number) => people.reduce((sum, p, i) => (mask & (1 << i) ? sum + p.netMinor : sum), 0n);
  const isZero = (mask: number) => lowSums[mask] === 0 && exactSum(mask) === 0n;
  for (let mask = 1; mask < size; mask += 1) {
    const lowest = mask & -mask;
    lowSums[mask] = ((lowSums[mask ^ lowest] as number) + (low32[31 - Math.clz32(lowest)] as number)) | 0;
    let top = 0;
    for (let rest = mask; rest !== 0; rest &= rest - 1) top = Math.max(top, best[mask ^ (rest & -rest)] as number);
    best[mask] = top + (isZero(mask) ? 1 : 0);
  }
  // Walk back: the order people were added, cut wherever the running sum returns to zero.
  const order: number[] = [];
  for (let mask = size - 1; mask > 0; ) {
    const gain = isZero(mask) ? 1 : 0;
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

/** Sets aside people whose nets are exact opposites, each pair as one payment. */
function oppositePairs(people: readonly Net[]): { pairs: Payment[]; rest: Net[] } {
  const unmatched = new Map<bigint, Net[]>();
  for (const debtor of people.filter((p) => p.netMinor < 0n)) {
    unmatched.set(debtor.netMinor, [...(unmatched.get(debtor.netMinor) ?? []), debtor]);
  }
  const pairs: Payment[] = [];
  const paired = new Set<Net>();
  for (const creditor of people) {
    const debtor = creditor.netMinor > 0n ? unmatched.get(-creditor.netMinor)?.shift() : undefined;
    if (!debtor) continue;
    pairs.push({ from: debtor.userId, to: creditor.userId, amountMinor: creditor.netMinor });
    paired.add(debtor).add(creditor);
  }
  return { pairs, rest: people.filter((p) => !paired.has(p)) };
}

export function settleUp(nets: readonly Net[]): Payment[] {
  const total = nets.reduce((sum, n) => sum + n.netMinor, 0n);
  if (total !== 0n) throw new Error(`Invariant: group nets sum to zero, got ${total}`);
  const { pairs, rest } = oppositePairs(nets.filter((n) => n.netMinor !== 0n).sort(byUser));
  if (rest.length > EXACT_LIMIT) return [...pairs, ...greedyPlan(rest)];
  return [...pairs, ...zeroSumGroups(rest).flatMap((group) => greedyPlan(group))];
}
