import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { clearFailures, lockedForSeconds, MAX_FAILURES, recordFailure } from '../../../shared/auth/login-throttle';
import { endSession, rotateSession, startSession } from '../../../shared/auth/sessions';
import { createUser, findUserByEmail } from '../../../shared/auth/users';
import { useTables } from '../../support/tables';

await useTables();

const user = (email: string) => ({
  id: ulid(),
  email,
  name: 'U',
  roles: ['user' as const],
  passwordHash: 'scrypt$1$1$1$x$y',
  createdAt: new Date().toISOString(),
});

describe('users', () => {
  it('keeps emails unique whatever their case, with a conditional write', async () => {
    const email = `${ulid().toLowerCase()}@example.com`;
    expect(await createUser(user(email))).toBe(true);
    expect(await createUser(user(email))).toBe(false);
    expect((await findUserByEmail(email.toUpperCase()))?.email).toBe(email);
  });

  it('lets exactly one of many concurrent registrations of one email win', async () => {
    const email = `${ulid().toLowerCase()}@example.com`;
    const results = await Promise.all(Array.from({ length: 5 }, () => createUser(user(email))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('rotates the refresh token on every use', async () => {
    const first = await startSession('u1');
    const second = await rotateSession(first);
    expect(second).toMatchObject({ ok: true, userId: 'u1' });
    const third = await rotateSession((second as { refreshToken: string }).refreshToken);
    expect(third.ok).toBe(true);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const first = await startSession('u2');
    const second = (await rotateSession(first)) as { refreshToken: string };
    expect(await rotateSession(first)).toEqual({ ok: false, reason: 'REUSED' });
    expect(await rotateSession(second.refreshToken)).toEqual({ ok: false, reason: 'INVALID' });
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const token = await startSession('u3');
    const results = await Promise.all([rotateSession(token), rotateSession(token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('stops a refresh token after logout, and only for its owner', async () => {
    const token = await startSession('u4');
    await endSession(token, 'someone-else');
    const rotated = (await rotateSession(token)) as { refreshToken: string };
    await endSession(rotated.refreshToken, 'u4');
    expect(await rotateSession(rotated.refreshToken)).toMatchObject({ ok: false });
  });
});

describe('login throttling', () => {
  it(`locks an email after ${MAX_FAILURES} failures and unlocks after the window`, async () => {
    const email = `${ulid().toLowerCase()}@example.com`;
    const now = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < MAX_FAILURES; i += 1) await recordFailure(email, now);
    expect(await lockedForSeconds(email, now)).toBeGreaterThan(0);
    expect(await lockedForSeconds(email, new Date('2026-01-01T00:16:00Z'))).toBe(0);
    await clearFailures(email);
    expect(await lockedForSeconds(email, now)).toBe(0);
  });
});
