import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { previewShares, requestParticipants } from '../../../console/src/split-preview';

const people = (values: string[]) => values.map((value, i) => ({ userId: `u${i}`, value }));

describe('the expense preview', () => {
  it('splits a percent split as the server does, remainders one cent at a time in order', () => {
    expect(previewShares('10.00', 'EUR', 'percent', people(['33.33', '33.33', '33.34']))).toEqual({
      ok: true,
      shares: [
        { userId: 'u0', amount: '3.33' },
        { userId: 'u1', amount: '3.33' },
        { userId: 'u2', amount: '3.34' },
      ],
    });
  });

  it('says why a split is not ready instead of showing shares', () => {
    expect(previewShares('10.00', 'EUR', 'percent', people(['50', '40']))).toEqual({
      ok: false,
      message: 'the percents must add up to 100',
    });
    expect(previewShares('10.001', 'EUR', 'equal', people(['', '']))).toMatchObject({
      ok: false,
      message: expect.stringContaining('decimals'),
    });
    expect(previewShares('10.00', 'EUR', 'shares', people(['1', '0']))).toMatchObject({ ok: false });
  });

  it('previews shares that always sum to the amount, in every mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
        (cents, weights) => {
          const amount = `${(BigInt(cents) / 100n).toString()}.${(BigInt(cents) % 100n).toString().padStart(2, '0')}`;
          const preview = previewShares(amount, 'EUR', 'shares', people(weights.map(String)));
          if (!preview.ok) return false;
          const total = preview.shares.reduce((sum, s) => sum + BigInt(s.amount.replace('.', '')), 0n);
          return total === BigInt(cents);
        },
      ),
    );
  });

  it('sends each participant only the value its split type uses', () => {
    expect(requestParticipants('percent', people(['60', '40']))).toEqual([
      { userId: 'u0', percent: '60' },
      { userId: 'u1', percent: '40' },
    ]);
    expect(requestParticipants('equal', people(['60']))).toEqual([{ userId: 'u0' }]);
  });
});
