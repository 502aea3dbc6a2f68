import { describe, expect, it } from 'vitest';
import { LoginRequestSchema, RefreshRequestSchema, RegisterRequestSchema } from '../../../shared/auth/schemas';

const valid = { email: 'ada@example.com', password: 'long enough', name: 'Ada' };
const failedPaths = (input: unknown) => RegisterRequestSchema.safeParse(input).error?.issues.map((i) => i.path.join('.') || '(body)');

describe('register requests', () => {
  it('accept an email, a password of 10+ characters and a name', () => {
    expect(RegisterRequestSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['a 9-character password', { ...valid, password: '123456789' }, 'password'],
    ['a 201-character password', { ...valid, password: 'x'.repeat(201) }, 'password'],
    ['an email over 254 characters', { ...valid, email: `${'a'.repeat(64)}@${'b'.repeat(186)}.com` }, 'email'],
    ['a malformed email', { ...valid, email: 'not-an-email' }, 'email'],
    ['an empty name', { ...valid, name: '   ' }, 'name'],
    ['a 101-character name', { ...valid, name: 'x'.repeat(101) }, 'name'],
    ['a missing field', { email: valid.email, password: valid.password }, 'name'],
    ['a number for a string', { ...valid, password: 12345678901 }, 'password'],
  ])('refuse %s', (_what, input, path) => {
    expect(failedPaths(input)).toContain(path);
  });

  it('refuse unknown fields instead of dropping them', () => {
    expect(RegisterRequestSchema.safeParse({ ...valid, roles: ['admin'] }).success).toBe(false);
  });
});

describe('login and refresh requests', () => {
  it('refuse unknown fields', () => {
    expect(LoginRequestSchema.safeParse({ email: valid.email, password: 'x', remember: true }).success).toBe(false);
    expect(RefreshRequestSchema.safeParse({ refreshToken: 'x', extra: 1 }).success).toBe(false);
  });

  it('accept a password set under older, shorter rules at login', () => {
    expect(LoginRequestSchema.safeParse({ email: valid.email, password: 'short' }).success).toBe(true);
  });
});
