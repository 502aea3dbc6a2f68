import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { endSession, getSession, rotateSession, startSession } from '../../../shared/auth/session-store';
import { parseRefreshToken, REFRESH_TOKEN_TTL_SECONDS } from '../../../shared/auth/sessions';
import { useTables } from '../../support/tables';

beforeAll(async () => {
  await useTables();
});

const familyOf = (token: string): string => parseRefreshToken(token)?.familyId ?? '';

async function rotated(token: string): Promise<string> {
  const outcome = await rotateSession(token);
  if (!outcome.ok) throw new Error(`expected a rotation, got ${outcome.reason}`);
  return outcome.refreshToken;
}

describe('refresh sessions', () => {
  it('rotate to a new token of the same family on every refresh', async () => {
    const userId = ulid();
    const first = await startSession(userId);
    const outcome = await rotateSession(first);
    expect(outcome).toMatchObject({ ok: true, userId });
    const second = outcome.ok ? outcome.refreshToken : '';
    expect(second).not.toBe(first);
    expect(familyOf(second)).toBe(familyOf(first));
    expect(await rotateSession(second)).toMatchObject({ ok: true, userId });
  });

  it('store only the hash of the current secret', async () => {
    const token = await startSession(ulid());
    const session = await getSession(familyOf(token));
    expect(JSON.stringify(session)).not.toContain(parseRefreshToken(token)?.secret);
  });

  it('revoke the whole family when a rotated token is used again', async () => {
    const first = await startSession(ulid());
    const second = await rotated(first);
    expect(await rotateSession(first)).toEqual({ ok: false, reason: 'REUSED' });
    expect(await rotateSession(second)).toEqual({ ok: false, reason: 'INVALID' });
    expect((await getSession(familyOf(first)))?.revoked).toBe(true);
  });

  it('let only one of two concurrent refreshes with one token win', async () => {
    const first = await startSession(ulid());
    const outcomes = await Promise.all([rotateSession(first), rotateSession(first)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, reason: 'REUSED' }]);
  });

  it('end at logout: the token stops working', async () => {
    const userId = ulid();
    const token = await rotated(await startSession(userId));
    await endSession(token, userId);
    expect(await rotateSession(token)).toEqual({ ok: false, reason: 'INVALID' });
  });

  it('cannot be ended by another user', async () => {
    const token = await startSession(ulid());
    await endSession(token, ulid());
    expect(await rotateSession(token)).toMatchObject({ ok: true });
  });

  it('expire 30 days after login', async () => {
    const login = new Date('2026-01-01T00:00:00Z');
    const token = await startSession(ulid(), login);
    const expiry = new Date(login.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000);
    expect(await rotateSession(token, expiry)).toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuse a token of no family', async () => {
    expect(await rotateSession(`${ulid()}.${'a'.repeat(43)}`)).toEqual({ ok: false, reason: 'INVALID' });
    expect(await rotateSession('garbage')).toEqual({ ok: false, reason: 'INVALID' });
  });
});
