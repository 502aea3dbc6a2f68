/**
 * Failed-login throttling, against password guessing on one account, keyed by the email
 * and the client address together: failures from one address never lock the owner out at
 * another (API.md), so a stranger who knows an email cannot turn the throttle against it.
 *
 * Limits: at most MAX_LOGIN_FAILURES (5) failed logins per email and address in a fixed
 * window of LOGIN_WINDOW_SECONDS (15 minutes) that opens at the first failure. Once they
 * are used up, every login for that email from that address answers 429 with
 * `retry-after` until the window ends — even with the right password, or a guesser could
 * keep testing passwords and learn the right one from the answer changing. A successful
 * login clears that address's counter. Unknown emails are counted alike, so the throttle
 * does not reveal which emails exist. Per-address limits on the route (address-limits.ts)
 * bound how many emails one address can try.
 *
 * Each attempt is reserved *before* the password is checked (shared/dynamo/fixed-window.ts
 * puts the limit in the write's condition); it counts as a failure until it succeeds and
 * clears the counter.
 */
import { clearWindow, takeFromWindow, type WindowTake } from '../dynamo/fixed-window';
import { keys } from '../dynamo/keys';

export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

export type LoginAttempt = WindowTake;

/** Call before checking the password; `ok: false` means answer 429 with `retry-after`. */
export async function reserveLoginAttempt(email: string, clientAddress: string, now: Date = new Date()): Promise<LoginAttempt> {
  return takeFromWindow(keys.loginFailures(email, clientAddress), { max: MAX_LOGIN_FAILURES, windowSeconds: LOGIN_WINDOW_SECONDS }, now);
}

/** After a successful login: the email starts with a clean slate at this address. */
export async function clearLoginAttempts(email: string, clientAddress: string): Promise<void> {
  await clearWindow(keys.loginFailures(email, clientAddress));
}
