import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccountSnapshot, applyPostings, MISSING_ACCOUNT, type Posting } from '../../../shared/domain/ledger';

const open = (balance: bigint, version = 3): AccountSnapshot => ({ exists: true, currency: 'EUR', status: 'OPEN', balance, version });
const debit = (amount: bigint): Posting => ({ amount: -amount, currency: 'EUR', type: 'Debited' });
const credit = (amount: bigint): Posting => ({ amount, currency: 'EUR', type: 'Credited' });

describe('applying postings to an account', () => {
  it('gives each applied posting the next seq and its exact balance after, in order', () => {
    const batch = applyPostings(open(100n), [credit(50n), debit(30n), credit(1n)]);
    expect(batch.results).toEqual([
      { ok: true, value: { seq: 4, balanceAfter: 150n } },
      { ok: true, value: { seq: 5, balanceAfter: 120n } },
      { ok: true, value: { seq: 6, balanceAfter: 121n } },
    ]);
    expect([batch.balance, batch.version]).toEqual([121n, 6]);
  });

  it('refuses a debit beyond the balance with INSUFFICIENT_FUNDS and goes on with the next posting', () => {
    const batch = applyPostings(open(10n), [debit(11n), debit(10n), debit(1n)]);
    expect(batch.results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['INSUFFICIENT_FUNDS', 'ok', 'INSUFFICIENT_FUNDS']);
    expect([batch.balance, batch.version]).toEqual([0n, 4]);
  });

  it('ranks refusals: missing, then currency, then closed, then the other side, then funds', () => {
    const broke = (a: AccountSnapshot, p: Posting) => {
      const [r] = applyPostings(a, [p]).results;
      return r?.ok ? 'ok' : r?.reason;
    };
    const blocked: Posting = { ...debit(1_000n), blockedBy: 'ACCOUNT_NOT_FOUND' };
    expect(broke(MISSING_ACCOUNT, { ...blocked, currency: 'USD' })).toBe('ACCOUNT_NOT_FOUND');
    expect(broke({ ...open(0n), status: 'CLOSED' }, { ...blocked, currency: 'USD' })).toBe('CURRENCY_MISMATCH');
    expect(broke({ ...open(0n), status: 'CLOSED' }, blocked)).toBe('ACCOUNT_CLOSED');
    expect(broke(open(0n), { ...blocked, blockedBy: 'CURRENCY_MISMATCH' })).toBe('CURRENCY_MISMATCH');
    expect(broke(open(0n), debit(1_000n))).toBe('INSUFFICIENT_FUNDS');
  });

  it('pays a refund into a closed account: it gives back what the account gave', () => {
    const [result] = applyPostings({ ...open(0n), status: 'CLOSED' }, [{ amount: 5n, currency: 'EUR', type: 'Refunded' }]).results;
    expect(result).toEqual({ ok: true, value: { seq: 4, balanceAfter: 5n } });
  });

  it('never leaves a balance negative, and its entries always fold to the final balance (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.array(
          fc.bigInt({ min: -5_000n, max: 5_000n }).filter((a) => a !== 0n),
          { maxLength: 30 },
        ),
        (start, amounts) => {
          const account = open(start, 0);
          const batch = applyPostings(
            account,
            amounts.map((a) => (a < 0n ? debit(-a) : credit(a))),
          );
          const applied = batch.results.flatMap((r, i) => (r.ok ? [{ ...r.value, amount: amounts[i] as bigint }] : []));
          expect(applied.map((a) => a.seq)).toEqual(applied.map((_, i) => i + 1));
          let balance = start;
          for (const a of applied) {
            balance += a.amount;
            expect(a.balanceAfter).toBe(balance);
            expect(balance >= 0n).toBe(true);
          }
          expect(batch.balance).toBe(balance);
          expect(batch.version).toBe(applied.length);
        },
      ),
    );
  });
});
