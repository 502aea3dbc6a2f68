/**
 * An expense paid in another currency: its amount in the group currency, from the rate it
 * was paid at (given) or the admin table's rate of its day, converted exactly (fx.ts says
 * how it rounds). Both amounts are kept; nets stay in the group currency.
 */

import { invalid } from '../domain/errors';
import { convertMinor, formatRate, parseRate } from '../domain/fx';
import { type Currency, formatAmount, parseAmount } from '../domain/money';
import { rateOn } from './rates';

export interface OriginalAmount {
  readonly amountMinor: bigint;
  readonly currency: Currency;
  readonly rate: string;
  readonly rateDate: string;
  readonly rateSource: 'given' | 'table';
}

/** The amount to split, in the group currency, and what was paid when it was another currency. */
export async function inGroupCurrency(
  body: { amount: string; currency?: Currency | undefined; rate?: string | undefined },
  groupCurrency: Currency,
  today: string,
): Promise<{ amount: string; original: OriginalAmount | null }> {
  if (!body.currency || body.currency === groupCurrency) {
    if (body.rate !== undefined)
      throw invalid('A rate goes with another currency than the group’s.', [{ path: 'rate', message: 'no currency to convert' }]);
    return { amount: body.amount, original: null };
  }
  const paid = parseAmount(body.amount, body.currency);
  if (!paid.ok) throw invalid('The expense is not valid.', [{ path: 'amount', message: paid.reason }]);
  let rateText = body.rate;
  let rateDate = today;
  if (rateText === undefined) {
    const fromTable = await rateOn(body.currency, groupCurrency, today);
    if (!fromTable) {
      throw invalid(`No ${body.currency}→${groupCurrency} rate is known on or before ${today}; give the rate you paid at.`, [
        { path: 'rate', message: 'required: no rate in the table' },
      ]);
    }
    [rateText, rateDate] = [fromTable.rate, fromTable.date];
  }
  const rate = parseRate(rateText);
  if (!rate.ok) throw invalid('The rate is not valid.', [{ path: 'rate', message: rate.reason }]);
  const converted = convertMinor(paid.value, body.currency, groupCurrency, rate.value);
  if (converted <= 0n)
    throw invalid('The amount is less than one minor unit of the group currency.', [{ path: 'amount', message: 'too small' }]);
  return {
    amount: formatAmount(converted, groupCurrency),
    original: {
      amountMinor: paid.value,
      currency: body.currency,
      rate: formatRate(rate.value),
      rateDate,
      rateSource: body.rate === undefined ? 'table' : 'given',
    },
  };
}
