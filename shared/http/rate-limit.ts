/**
 * Per-address limits on the routes anyone can call without a token (register, login,
 * refresh, the deposit webhook): one fixed window per route family and client address,
 * answered 429 `rate-limited` with `Retry-After`. They bound what one address can cost us
 * (scrypt on register and login) and how many emails it can try; the WAF's per-IP rule,
 * when switched on, sheds floods before they reach a function.
 *
 * `ADDRESS_RATE_LIMITS` (`register=3,login=10`) lowers or raises a family's per-minute limit
 * (tests, load runs); the defaults are the named constants below.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { optionalEnv } from '../config/env';
import { takeFromWindow } from '../dynamo/fixed-window';
import { keys } from '../dynamo/keys';
import { clientAddressOf } from './client-address';
import { HttpProblem } from './problem';

export type LimitFamily = 'register' | 'login' | 'refresh' | 'webhook';

/** Requests per address per minute: far above a person's pace, far below a script's. */
export const ADDRESS_LIMITS_PER_MINUTE: Readonly<Record<LimitFamily, number>> = {
  register: 120,
  login: 120,
  refresh: 600,
  // The payment provider calls from a few addresses for every deposit.
  webhook: 3_000,
};
const WINDOW_SECONDS = 60;

/** For load runs (bench, chaos), whose many simulated users all call from one address. */
export const LOAD_RUN_ADDRESS_LIMITS = 'register=1000000,login=1000000,refresh=1000000,webhook=1000000';

function parseOverrides(text: string | undefined): Partial<Record<LimitFamily, number>> {
  const overrides: Partial<Record<LimitFamily, number>> = {};
  for (const part of (text ?? '').split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (name && value && Object.hasOwn(ADDRESS_LIMITS_PER_MINUTE, name) && /^\d+$/.test(value)) {
      overrides[name as LimitFamily] = Number(value);
    }
  }
  return overrides;
}

export function addressLimitOf(family: LimitFamily): number {
  return parseOverrides(optionalEnv('ADDRESS_RATE_LIMITS'))[family] ?? ADDRESS_LIMITS_PER_MINUTE[family];
}

/** Counts this request against its address; throws 429 with `retry-after` past the limit. */
export async function limitByAddress(event: Pick<APIGatewayProxyEvent, 'requestContext'>, family: LimitFamily): Promise<void> {
  const taken = await takeFromWindow(keys.addressLimit(family, clientAddressOf(event)), {
    max: addressLimitOf(family),
    windowSeconds: WINDOW_SECONDS,
  });
  if (!taken.ok) {
    throw new HttpProblem('rate-limited', 'Too many requests from this address. Try again later.', {
      headers: { 'retry-after': String(taken.retryAfterSeconds) },
    });
  }
}
