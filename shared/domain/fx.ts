/**
 * Converting an amount paid in one currency into a group's currency, exactly.
 *
 * A rate is a decimal string ("1.0842": one unit of the paid currency is worth 1.0842
 * units of the group currency), at most RATE_DECIMALS decimals, read as the integer
 * rateScaled / 10^decimals; no float is ever involved. The converted amount is
 *   paidMinor × rateScaled × 10^groupExponent / (10^decimals × 10^paidExponent)
 * rounded to the group's minor unit half up (a half minor unit goes up: amounts are
 * positive). That one rounding is the only one; the split then allocates the converted
 * amount exactly, so the nets still sum to zero.
 */
import { CURRENCIES, type Currency } from './money';
import { fail, ok, type Result } from './result';

export const RATE_DECIMALS = 10;
const RATE = /^(0|[1-9]\d{0,11})(?:\.(\d{1,10}))?$/;

export interface Rate {
  readonly scaled: bigint;
  readonly decimals: number;
}

export function parseRate(text: string): Result<Rate> {
  const match = RATE.exec(text);
  if (!match) return fail(`must be a positive decimal string with at most ${RATE_DECIMALS} decimals, like "1.0842"`);
  const fraction = match[2] ?? '';
  const scaled = BigInt(`${match[1]}${fraction}`);
  if (scaled === 0n) return fail('must be more than zero');
  return ok({ scaled, decimals: fraction.length });
}

export const formatRate = (rate: Rate): string => {
  if (rate.decimals === 0) return rate.scaled.toString();
  const digits = rate.scaled.toString().padStart(rate.decimals + 1, '0');
  return `${digits.slice(0, -rate.decimals)}.${digits.slice(-rate.decimals)}`;
};

/** paidMinor in `from` → minor units of `to` at `rate`, rounded half up. */
export function convertMinor(paidMinor: bigint, from: Currency, to: Currency, rate: Rate): bigint {
  const numerator = paidMinor * rate.scaled * 10n ** BigInt(CURRENCIES[to]);
  const denominator = 10n ** BigInt(rate.decimals + CURRENCIES[from]);
  return (2n * numerator + denominator) / (2n * denominator);
}
