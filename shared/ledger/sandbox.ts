/**
 * Sandbox deposits: an account's owner may mint money into it only when `SANDBOX_DEPOSITS`
 * is true (on by default under `npm start`, off for `cdk deploy` unless the context
 * `evenly:sandbox` turns it on), and at most SANDBOX_DAILY_DEPOSIT_CAP major units per
 * account per UTC day. The day's total is one item updated in the acceptance's transaction,
 * with the cap in its condition, so concurrent deposits cannot pass it together.
 */
import { optionalEnv } from '../config/env';
import { CURRENCIES, type Currency } from '../domain/money';
import { mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import type { TransactItem } from '../dynamo/transact';

/** Enough for the README's first minutes, the chaos run and the bench; far from unlimited. */
export const DEFAULT_SANDBOX_DAILY_CAP_MAJOR = 1_000_000n;
const DAY_SECONDS = 24 * 60 * 60;

export const isSandbox = (): boolean => optionalEnv('SANDBOX_DEPOSITS') === 'true';

export function sandboxDailyCapMinor(currency: Currency): bigint {
  const configured = optionalEnv('SANDBOX_DAILY_DEPOSIT_CAP');
  const major = configured && /^\d{1,13}$/.test(configured) ? BigInt(configured) : DEFAULT_SANDBOX_DAILY_CAP_MAJOR;
  return major * 10n ** BigInt(CURRENCIES[currency]);
}

export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

/** Seconds until the next UTC day, when the cap allows again. */
export const secondsUntilNextDay = (now: Date): number => DAY_SECONDS - (Math.floor(now.getTime() / 1000) % DAY_SECONDS);

/** The transaction item that adds `amountMinor` to the day's total, refused past the cap. */
export function sandboxTotalItem(accountId: string, currency: Currency, amountMinor: bigint, now: Date): TransactItem {
  const room = sandboxDailyCapMinor(currency) - amountMinor;
  return {
    Update: {
      TableName: mainTableName(),
      Key: keys.sandboxDeposits(accountId, utcDay(now)),
      UpdateExpression: 'ADD totalMinor :amount SET expiresAtEpochSeconds = :expires',
      ConditionExpression: 'attribute_not_exists(totalMinor) OR totalMinor <= :room',
      ExpressionAttributeValues: {
        ':amount': amountMinor,
        ':room': room,
        ':expires': Math.floor(now.getTime() / 1000) + 2 * DAY_SECONDS,
      },
    },
  };
}
