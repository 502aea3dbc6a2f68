import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, type Currency, formatAmount, maxMinorUnits, parseAmount } from '../../../shared/domain/money';

const currencies = Object.keys(CURRENCIES) as Currency[];

describe('parseAmount', () => {
  it('reads a decimal string into minor units', () => {
    expect(parseAmount('12.34', 'EUR')).toEqual({ ok: true, value: 1234n });
    expect(parseAmount('12.5', 'EUR')).toEqual({ ok: true, value: 1250n });
    expect(parseAmount('1200', 'JPY')).toEqual({ ok: true, value: 1200n });
  });

  it.each(['0', '0.00', '-5.00', '1e3', ' 12', '12 ', '+12', '12.', '.5', '007', '1,00', '', 'abc', '0x10'])('rejects %j', (text) => {
    expect(parseAmount(text, 'EUR').ok).toBe(false);
  });

  it('rejects more decimals than the currency has', () => {
    expect(parseAmount('1.234', 'EUR').ok).toBe(false);
    expect(parseAmount('12.5', 'JPY').ok).toBe(false);
  });

  it('accepts exactly 1e12 major units and rejects one minor unit more', () => {
    expect(parseAmount('1000000000000.00', 'USD')).toEqual({ ok: true, value: 100_000_000_000_000n });
    expect(parseAmount('1000000000000.01', 'USD').ok).toBe(false);
  });
});

describe('formatAmount', () => {
  it('writes exactly the currency decimals, with a sign for negatives', () => {
    expect(formatAmount(0n, 'EUR')).toBe('0.00');
    expect(formatAmount(-500n, 'EUR')).toBe('-5.00');
    expect(formatAmount(7n, 'USD')).toBe('0.07');
    expect(formatAmount(1200n, 'JPY')).toBe('1200');
  });

  it('round-trips every valid amount of every currency', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.bigInt({ min: 1n, max: 100_000_000_000_000n }), (currency, n) => {
        fc.pre(n <= maxMinorUnits(currency));
        const text = formatAmount(n, currency);
        expect(parseAmount(text, currency)).toEqual({ ok: true, value: n });
        expect(formatAmount((parseAmount(text, currency) as { value: bigint }).value, currency)).toBe(text);
      }),
    );
  });

  it('keeps sums exact', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 14n }), { maxLength: 50 }), (values) => {
        const total = values.reduce((a, b) => a + b, 0n);
        const viaText = values
          .map((v) => formatAmount(v, 'EUR'))
          .reduce((a, t) => a + (parseAmount(t, 'EUR') as { value: bigint }).value, 0n);
        expect(viaText).toBe(total);
      }),
    );
  });
});
