import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { clearLoginAttempts, LOGIN_WINDOW_SECONDS, MAX_LOGIN_FAILURES, reserveLoginAttempt } from '../../../shared/auth/login-throttle';
import { useTables } from '../../support/tables';

beforeAll(async () => {
  await useTables();
});

const ADDRESS = '198.51.100.7';
const uniqueEmail = () => `user-${ulid().toLowerCase()}@example.com`;
const start = new Date('2026-01-01T00:00:00Z');
const secondsAfter = (seconds: number) => new Date(start.getTime() + seconds * 1000);

async function fail(email: string, times: number, at: Date = start): Promise<void> {
  for (let i = 0; i < times; i += 1) expect(await reserveLoginAttempt(email, ADDRESS, at)).toEqual({ ok: true });
}

describe('login throttling', () => {
  it('allows five failures, then refuses until the window that opened at the first one ends', async () => {
    const email = uniqueEmail();
    await fail(email, MAX_LOGIN_FAILURES);
    expect(await reserveLoginAttempt(email, ADDRESS, secondsAfter(60))).toEqual({
      ok: false,
      retryAfterSeconds: LOGIN_WINDOW_SECONDS - 60,
    });
  });

  it('allows logins again once the window has passed', async () => {
    const email = uniqueEmail();
    await fail(email, MAX_LOGIN_FAILURES);
    expect(await reserveLoginAttempt(email, ADDRESS, secondsAfter(LOGIN_WINDOW_SECONDS))).toEqual({ ok: true });
    await fail(email, MAX_LOGIN_FAILURES - 1, secondsAfter(LOGIN_WINDOW_SECONDS));
    expect((await reserveLoginAttempt(email, ADDRESS, secondsAfter(LOGIN_WINDOW_SECONDS))).ok).toBe(false);
  });

  it('counts an email in any case as one', async () => {
    const email = uniqueEmail();
    await fail(email, MAX_LOGIN_FAILURES);
    expect((await reserveLoginAttempt(email.toUpperCase(), ADDRESS, start)).ok).toBe(false);
  });

  it('starts afresh after a successful login', async () => {
    const email = uniqueEmail();
    await fail(email, MAX_LOGIN_FAILURES - 1);
    await clearLoginAttempts(email, ADDRESS);
    await fail(email, MAX_LOGIN_FAILURES);
  });

  it('gives a burst of concurrent attempts no more than five tries', async () => {
    const email = uniqueEmail();
    const attempts = await Promise.all(Array.from({ length: 12 }, () => reserveLoginAttempt(email, ADDRESS, start)));
    expect(attempts.filter((a) => a.ok)).toHaveLength(MAX_LOGIN_FAILURES);
  });

  it('keeps the same email at another address unaffected', async () => {
    const email = uniqueEmail();
    await fail(email, MAX_LOGIN_FAILURES);
    expect(await reserveLoginAttempt(email, '203.0.113.9', start)).toEqual({ ok: true });
  });

  it('keeps other emails unaffected', async () => {
    await fail(uniqueEmail(), MAX_LOGIN_FAILURES);
    expect(await reserveLoginAttempt(uniqueEmail(), ADDRESS, start)).toEqual({ ok: true });
  });
});
