/**
 * The admin-maintained exchange-rate table: per currency pair, a rate per date. An expense
 * in another currency without a rate of its own takes the latest rate on or before its day.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Currency } from '../domain/money';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';

export interface RateItem {
  readonly base: Currency;
  readonly quote: Currency;
  /** The rate as the decimal string it was given in: one `base` is worth `rate` `quote`. */
  readonly rate: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly setBy: string;
  readonly setAt: string;
}

export async function putRate(item: RateItem): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: mainTableName(), Item: { ...keys.fxRate(item.base, item.quote, item.date), type: 'fxRate', ...item } }),
  );
}

export async function rateOn(base: Currency, quote: Currency, date: string): Promise<RateItem | undefined> {
  const { pk } = keys.fxRate(base, quote, date);
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :day',
      ExpressionAttributeValues: { ':pk': pk, ':first': keys.fxRatePrefix, ':day': keys.fxRate(base, quote, date).sk },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items?.[0] as RateItem | undefined;
}

export const toRateView = (r: RateItem) => ({ base: r.base, quote: r.quote, rate: r.rate, date: r.date, setAt: r.setAt });
