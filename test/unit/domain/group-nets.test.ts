import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertMinor, formatRate, parseRate } from '../../../shared/domain/fx';
import {
  addNets,
  checkPayers,
  expenseNets,
  maxSettlementMinor,
  negateNets,
  netsDelta,
  type Portion,
} from '../../../shared/domain/group-nets';
import { allocate, type SplitType, splitExpense } from '../../../shared/domain/splits';

const USERS = ['a', 'b', 'c', 'd', 'e'];
const sum = (nets: ReadonlyMap<string, bigint>) => [...nets.values()].reduce((s, v) => s + v, 0n);
const nonZero = (nets: ReadonlyMap<string, bigint>) => Object.fromEntries([...nets].filter(([, v]) => v !== 0n));

/** An expense of any split mode with one or several payers, as the command builds it. */
const expenseArb = fc
  .record({
    amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    type: fc.constantFrom<SplitType>('equal', 'exact', 'percent', 'shares'),
    participants: fc.uniqueArray(fc.constantFrom(...USERS), { minLength: 1, maxLength: USERS.length }),
    payers: fc.uniqueArray(fc.constantFrom(...USERS), { minLength: 1, maxLength: USERS.length }),
    weights: fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: USERS.length, maxLength: USERS.length }),
  })
  .map(({ amount, type, participants, payers, weights }) => {
    const w = participants.map((_, i) => weights[i] as bigint);
    const values =
      type === 'exact'
        ? allocate(amount, w).map((amountMinor) => ({ amount: amountMinor }))
        : type === 'percent'
          ? allocate(10_000n, w).map((bp) => ({ percentBasisPoints: bp }))
          : type === 'shares'
            ? w.map((shares) => ({ shares }))
            : w.map(() => ({}));
    const split = splitExpense(
      amount,
      type,
      participants.map((userId, i) => ({ userId, ...values[i] })),
    );
    if (!split.ok) throw new Error(`generator built an invalid split: ${split.reason}`);
    const paid = allocate(
      amount,
      payers.map((_, i) => (weights[i] as bigint) + 1n),
    );
    const payerPortions: Portion[] = payers.map((userId, i) => ({ userId, amountMinor: paid[i] as bigint }));
    return { amount, payers: payerPortions, shares: split.value };
  });

describe('the nets of an expense', () => {
  it('sum to zero for every split mode with one or several payers', () => {
    fc.assert(
      fc.property(expenseArb, (e) => {
        expect(checkPayers(e.amount, e.payers)).toBeNull();
        expect(sum(expenseNets(e))).toBe(0n);
      }),
    );
  });

  it('credit each payer what they paid and debit each participant their share', () => {
    const nets = expenseNets({
      payers: [
        { userId: 'a', amountMinor: 6000n },
        { userId: 'b', amountMinor: 3000n },
      ],
      shares: ['a', 'b', 'c'].map((userId) => ({ userId, amountMinor: 3000n })),
    });
    expect(Object.fromEntries(nets)).toEqual({ a: 3000n, b: 0n, c: -3000n });
  });

  it('refuses payers who do not sum to the amount, or appear twice', () => {
    expect(checkPayers(100n, [{ userId: 'a', amountMinor: 99n }])).toBe('PAYERS_SUM_MISMATCH');
    expect(
      checkPayers(100n, [
        { userId: 'a', amountMinor: 50n },
        { userId: 'a', amountMinor: 50n },
      ]),
    ).toBe('DUPLICATE_PAYER');
    expect(checkPayers(100n, [])).toBe('NO_PAYERS');
  });
});

describe('the delta of an edit', () => {
  it('sums to zero and, added to the nets before, gives the nets of the edited expense', () => {
    fc.assert(
      fc.property(expenseArb, expenseArb, (before, after) => {
        const delta = netsDelta(expenseNets(before), expenseNets(after));
        expect(sum(delta)).toBe(0n);
        expect(nonZero(addNets(expenseNets(before), delta))).toEqual(nonZero(expenseNets(after)));
      }),
    );
  });

  it('edit, delete and restore in any order return the nets the history implies; edit then its reverse restores the original', () => {
    fc.assert(
      fc.property(fc.array(expenseArb, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (versions, toggles) => {
        const [first] = versions as [(typeof versions)[number]];
        let nets = expenseNets(first);
        let current = first;
        let deleted = false;
        for (const next of versions.slice(1)) {
          nets = addNets(nets, netsDelta(expenseNets(current), expenseNets(next)));
          current = next;
        }
        for (const t of toggles) {
          if (t % 2 === 0) continue;
          nets = addNets(nets, deleted ? expenseNets(current) : negateNets(expenseNets(current)));
          deleted = !deleted;
        }
        expect(sum(nets)).toBe(0n);
        expect(nonZero(nets)).toEqual(deleted ? {} : nonZero(expenseNets(current)));
        const back = addNets(expenseNets(current), netsDelta(expenseNets(current), expenseNets(first)));
        expect(nonZero(back)).toEqual(nonZero(expenseNets(first)));
      }),
    );
  });

  it('leaves out members whose net does not move', () => {
    const e = { payers: [{ userId: 'a', amountMinor: 10n }], shares: [{ userId: 'b', amountMinor: 10n }] };
    const f = { ...e, shares: [{ userId: 'c', amountMinor: 10n }] };
    expect(Object.fromEntries(netsDelta(expenseNets(e), expenseNets(f)))).toEqual({ b: 10n, c: -10n });
  });
});

describe('the most a settlement may pay', () => {
  it('never lets a settlement flip who owes whom', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), (payer, payee) => {
        const max = maxSettlementMinor(payer, payee);
        expect(max >= 0n).toBe(true);
        expect(payer + max <= 0n || max === 0n).toBe(true);
        expect(payee - max >= 0n || max === 0n).toBe(true);
      }),
    );
    expect(maxSettlementMinor(-500n, 300n)).toBe(300n);
    expect(maxSettlementMinor(500n, 300n)).toBe(0n);
  });
});

describe('currency conversion', () => {
  it('converts exactly with one rounding, half up, to the group minor unit', () => {
    const rate = (text: string) => {
      const r = parseRate(text);
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    };
    expect(convertMinor(10_000n, 'USD', 'EUR', rate('0.9215'))).toBe(9215n);
    // 1 234 JPY × 0.00615 EUR/JPY = 7.5891 EUR → 7.59
    expect(convertMinor(1234n, 'JPY', 'EUR', rate('0.00615'))).toBe(759n);
    // 0.01 GBP × 1.5 = 0.015 EUR: a half cent goes up
    expect(convertMinor(1n, 'GBP', 'EUR', rate('1.5'))).toBe(2n);
    // 12.34 EUR × 161.5 JPY/EUR = 1992.91 → 1993 JPY
    expect(convertMinor(1234n, 'EUR', 'JPY', rate('161.5'))).toBe(1993n);
    expect(formatRate(rate('1.0842'))).toBe('1.0842');
  });

  it('is never off by more than half a minor unit from the exact product', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 10 }),
        (paid, scaled, decimals) => {
          const converted = convertMinor(paid, 'USD', 'EUR', { scaled, decimals });
          const exactTimes2 = (2n * paid * scaled) / 10n ** BigInt(decimals); // 2 × exact, floored
          expect(2n * converted - exactTimes2 <= 2n && exactTimes2 - 2n * converted <= 1n).toBe(true);
        },
      ),
    );
  });

  it('refuses rates that are not positive decimal strings', () => {
    for (const bad of ['0', '-1', '1e3', '1.12345678901', ' 1', '']) expect(parseRate(bad).ok).toBe(false);
  });
});
