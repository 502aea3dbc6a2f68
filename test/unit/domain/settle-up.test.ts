import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedyPlan, type Net, settleUp } from '../../../shared/domain/settle-up';

function apply(nets: readonly Net[], plan: ReturnType<typeof settleUp>): Map<string, bigint> {
  const balances = new Map(nets.map((n) => [n.userId, n.netMinor]));
  for (const p of plan) {
    balances.set(p.from, (balances.get(p.from) ?? 0n) + p.amountMinor);
    balances.set(p.to, (balances.get(p.to) ?? 0n) - p.amountMinor);
  }
  return balances;
}

/** Brute force: fewest payments = k − max number of zero-sum parts, by trying all partitions. */
function minimumPayments(values: bigint[]): number {
  const nonZero = values.filter((v) => v !== 0n);
  const best = (rest: bigint[]): number => {
    if (rest.length === 0) return 0;
    const [first, ...others] = rest as [bigint, ...bigint[]];
    let parts = 0;
    const n = others.length;
    for (let mask = 0; mask < 1 << n; mask += 1) {
      const subset = others.filter((_, i) => mask & (1 << i));
      if (subset.reduce((a, b) => a + b, first) !== 0n) continue;
      parts = Math.max(parts, 1 + best(others.filter((_, i) => !(mask & (1 << i)))));
    }
    return parts;
  };
  return nonZero.length - best(nonZero);
}

const netsArbitrary = (maxPeople: number) =>
  fc.array(fc.bigInt({ min: -5000n, max: 5000n }), { minLength: 1, maxLength: maxPeople - 1 }).map((values) => {
    const last = -values.reduce((a, b) => a + b, 0n);
    return [...values, last].map((netMinor, i) => ({ userId: `u${String(i).padStart(2, '0')}`, netMinor }));
  });

describe('settleUp', () => {
  it('pays back a simple debt in one payment', () => {
    expect(
      settleUp([
        { userId: 'a', netMinor: 500n },
        { userId: 'b', netMinor: -500n },
      ]),
    ).toEqual([{ from: 'b', to: 'a', amountMinor: 500n }]);
  });

  it('finds independent pairs instead of chaining payments', () => {
    const plan = settleUp([
      { userId: 'a', netMinor: 100n },
      { userId: 'b', netMinor: -100n },
      { userId: 'c', netMinor: 70n },
      { userId: 'd', netMinor: -70n },
    ]);
    expect(plan).toHaveLength(2);
  });

  it('refuses nets that do not sum to zero', () => {
    expect(() => settleUp([{ userId: 'a', netMinor: 1n }])).toThrow(/sum to zero/);
  });

  it('clears every net exactly with at most members − 1 payments', () => {
    fc.assert(
      fc.property(netsArbitrary(14), (nets) => {
        const plan = settleUp(nets);
        for (const balance of apply(nets, plan).values()) expect(balance).toBe(0n);
        const nonZero = nets.filter((n) => n.netMinor !== 0n).length;
        expect(plan.length).toBeLessThanOrEqual(Math.max(0, nonZero - 1));
        expect(plan.every((p) => p.amountMinor > 0n)).toBe(true);
      }),
    );
  });

  it('uses the minimum number of payments for small groups', () => {
    fc.assert(
      fc.property(netsArbitrary(7), (nets) => {
        expect(settleUp(nets).length).toBe(minimumPayments(nets.map((n) => n.netMinor)));
      }),
      { numRuns: 150 },
    );
  });

  it('stays minimal in a large group where many members owe each other exactly', () => {
    // 17 people with non-zero nets: six exact pairs, and {+4, -4}, {+3, +2, -5}.
    const values = [4n, 3n, 2n, -4n, -5n, ...Array.from({ length: 6 }, () => [1n, -1n]).flat()];
    const nets = values.map((netMinor, i) => ({ userId: `u${String(i).padStart(2, '0')}`, netMinor }));
    const plan = settleUp(nets);
    for (const balance of apply(nets, plan).values()) expect(balance).toBe(0n);
    expect(plan).toHaveLength(9);
  });

  it('finds the minimum for 20 people who pair up with nobody', () => {
    // Five zero-sum groups of four (a + b + c = d): 20 people, 15 payments at best.
    const values = [1n, 2n, 3n, 4n, 5n].flatMap((k) => [k * 100n + 1n, k * 100n + 2n, k * 100n + 4n, -(k * 300n + 7n)]);
    const nets = values.map((netMinor, i) => ({ userId: `u${String(i).padStart(2, '0')}`, netMinor }));
    const plan = settleUp(nets);
    for (const balance of apply(nets, plan).values()) expect(balance).toBe(0n);
    expect(plan).toHaveLength(15);
  });

  it('uses the minimum number of payments when exact pairs are mixed in', () => {
    const withPairs = fc.tuple(netsArbitrary(5), fc.array(fc.bigInt({ min: 1n, max: 50n }), { maxLength: 6 })).map(([nets, pairs]) => [
      ...nets,
      ...pairs.flatMap((v, i) => [
        { userId: `p${i}a`, netMinor: v },
        { userId: `p${i}b`, netMinor: -v },
      ]),
    ]);
    fc.assert(
      fc.property(withPairs, (nets) => {
        expect(settleUp(nets).length).toBe(minimumPayments(nets.map((n) => n.netMinor)));
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic and never worse than the greedy plan', () => {
    fc.assert(
      fc.property(netsArbitrary(10), (nets) => {
        expect(settleUp(nets)).toEqual(settleUp([...nets].reverse()));
        expect(settleUp(nets).length).toBeLessThanOrEqual(greedyPlan(nets).length);
      }),
    );
  });
});
