import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePercent, type SplitParticipant, type SplitType, splitExpense } from '../../../shared/domain/splits';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe('splitExpense', () => {
  it('splits equally and hands the remainder out one unit at a time in request order', () => {
    const result = splitExpense(
      1000n,
      'equal',
      ids(3).map((userId) => ({ userId })),
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { userId: 'u0', amountMinor: 334n },
        { userId: 'u1', amountMinor: 333n },
        { userId: 'u2', amountMinor: 333n },
      ],
    });
  });

  it('refuses exact amounts that do not sum to the total', () => {
    expect(
      splitExpense(1000n, 'exact', [
        { userId: 'a', amount: 500n },
        { userId: 'b', amount: 499n },
      ]),
    ).toEqual({ ok: false, reason: 'EXACT_SUM_MISMATCH' });
  });

  it('refuses percents that do not sum to 100', () => {
    expect(
      splitExpense(1000n, 'percent', [
        { userId: 'a', percentBasisPoints: 5000n },
        { userId: 'b', percentBasisPoints: 4999n },
      ]),
    ).toEqual({ ok: false, reason: 'PERCENT_SUM_NOT_100' });
  });

  it('splits by shares', () => {
    expect(
      splitExpense(900n, 'shares', [
        { userId: 'a', shares: 2n },
        { userId: 'b', shares: 1n },
      ]),
    ).toEqual({
      ok: true,
      value: [
        { userId: 'a', amountMinor: 600n },
        { userId: 'b', amountMinor: 300n },
      ],
    });
  });

  it('refuses duplicate participants and empty lists', () => {
    expect(splitExpense(100n, 'equal', [{ userId: 'a' }, { userId: 'a' }])).toMatchObject({ ok: false, reason: 'DUPLICATE_PARTICIPANT' });
    expect(splitExpense(100n, 'equal', [])).toMatchObject({ ok: false, reason: 'NO_PARTICIPANTS' });
  });

  it('refuses a participant value that the split type would silently ignore', () => {
    const cases: [SplitType, SplitParticipant][] = [
      ['equal', { userId: 'b', amount: 30n }],
      ['equal', { userId: 'b', shares: 2n }],
      ['exact', { userId: 'b', amount: 50n, percentBasisPoints: 5000n }],
      ['percent', { userId: 'b', percentBasisPoints: 5000n, shares: 1n }],
      ['shares', { userId: 'b', shares: 1n, amount: 50n }],
    ];
    for (const [type, odd] of cases) {
      const first: SplitParticipant = {
        userId: 'a',
        ...{ equal: {}, exact: { amount: 50n }, percent: { percentBasisPoints: 5000n }, shares: { shares: 1n } }[type],
      };
      expect(
        splitExpense(100n, type, [first, odd]),
        `${type} with ${JSON.stringify(odd, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
      ).toEqual({
        ok: false,
        reason: 'VALUE_NOT_FOR_SPLIT_TYPE',
      });
      expect(splitExpense(100n, type, [first, { ...first, userId: 'b' }]).ok).toBe(true);
    }
  });

  const arbitraryCase = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc.record({
      amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
      type: fc.constantFrom<SplitType>('equal', 'percent', 'shares', 'exact'),
      weights: fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: n, maxLength: n }),
    }),
  );

  function participantsFor(type: SplitType, amount: bigint, weights: bigint[]): SplitParticipant[] {
    const total = weights.reduce((a, b) => a + b, 0n);
    const scaled = (target: bigint) => {
      const parts = weights.map((w) => (target * w) / total);
      parts[0] = (parts[0] as bigint) + target - parts.reduce((a, b) => a + b, 0n);
      return parts;
    };
    if (type === 'percent') return scaled(10_000n).map((p, i) => ({ userId: `u${i}`, percentBasisPoints: p }));
    if (type === 'exact') return scaled(amount).map((a, i) => ({ userId: `u${i}`, amount: a }));
    if (type === 'shares') return weights.map((s, i) => ({ userId: `u${i}`, shares: s }));
    return weights.map((_, i) => ({ userId: `u${i}` }));
  }

  it('always sums exactly to the amount, within one minor unit of the ideal share, for every mode', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ amount, type, weights }) => {
        const participants = participantsFor(type, amount, weights);
        const result = splitExpense(amount, type, participants);
        if (!result.ok) return; // e.g. a percent that rounds to 0 for someone is still valid input; others must pass
        const shares = result.value.map((s) => s.amountMinor);
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(amount);
        const w = participants.map((p) =>
          type === 'equal'
            ? 1n
            : type === 'exact'
              ? (p.amount as bigint)
              : type === 'percent'
                ? (p.percentBasisPoints as bigint)
                : (p.shares as bigint),
        );
        const total = w.reduce((a, b) => a + b, 0n);
        shares.forEach((s, i) => {
          const ideal = (amount * (w[i] as bigint)) / total;
          expect(s - ideal >= 0n && s - ideal <= 1n).toBe(true);
        });
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ amount, type, weights }) => {
        const participants = participantsFor(type, amount, weights);
        expect(splitExpense(amount, type, participants)).toEqual(splitExpense(amount, type, participants));
      }),
    );
  });
});

describe('parsePercent', () => {
  it.each([
    ['33.33', 3333n],
    ['50', 5000n],
    ['12.5', 1250n],
    ['100', 10000n],
  ])('reads %s', (text, value) => {
    expect(parsePercent(text)).toEqual({ ok: true, value });
  });
  it.each(['0', '100.01', '-1', '1.234', '1e2', ' 5'])('refuses %s', (text) => {
    expect(parsePercent(text).ok).toBe(false);
  });
});
