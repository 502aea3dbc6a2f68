/**
 * Money: `bigint` minor units from parse to storage, decimal strings only at the edge.
 * No `number` arithmetic ever touches an amount.
 */
import { fail, ok, type Result } from './result';

/** ISO 4217 minor-unit exponents of the supported currencies. */
export const CURRENCIES = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  JPY: 0,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CAD: 2,
  AUD: 2,
} as const;

export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as [Currency, ...Currency[]];

export const isCurrency = (value: unknown): value is Currency => typeof value === 'string' && Object.hasOwn(CURRENCIES, value);

/** API.md: amounts up to 1e12 major units. */
export const MAX_MAJOR_UNITS = 1_000_000_000_000n;

export const maxMinorUnits = (currency: Currency): bigint => MAX_MAJOR_UNITS * 10n ** BigInt(CURRENCIES[currency]);

const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/** Parses a positive decimal string ("12.34") into minor units of `currency`. */
export function parseAmount(text: string, currency: Currency): Result<bigint> {
  const match = DECIMAL.exec(text);
  if (!match) return fail('must be a positive decimal string like "12.34" (no sign, spaces or exponent)');
  const [, whole = '0', fraction = ''] = match;
  const exponent = CURRENCIES[currency];
  if (fraction.length > exponent) {
    return fail(exponent === 0 ? `${currency} has no decimals` : `${currency} allows at most ${exponent} decimals`);
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor <= 0n) return fail('must be greater than zero');
  if (minor > maxMinorUnits(currency)) return fail(`must be at most ${MAX_MAJOR_UNITS} ${currency}`);
  return ok(minor);
}

/** Formats minor units with exactly the currency's decimals ("0.00", "-5.00", "1200"). */
export function formatAmount(minor: bigint, currency: Currency): string {
  const exponent = CURRENCIES[currency];
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString();
  if (exponent === 0) return `${sign}${digits}`;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** Converts a stored number/bigint/string to bigint, refusing anything that is not an integer. */
export function toMinor(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new Error(`Invariant: money is an integer of minor units, got ${String(value)}`);
}
