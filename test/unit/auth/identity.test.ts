import { describe, expect, it } from 'vitest';
import { newUser, parseAdminEmails, publicUser, rolesFor } from '../../../shared/auth/identity';

describe('roles at registration', () => {
  const admins = parseAdminEmails(' Boss@Example.com, ,other@example.com ');

  it('reads ADMIN_EMAILS case-insensitively, ignoring blanks', () => {
    expect(admins).toEqual(['boss@example.com', 'other@example.com']);
  });

  it('makes a listed email an admin whatever its case', () => {
    expect(rolesFor('BOSS@example.COM', admins)).toEqual(['user', 'admin']);
  });

  it('makes everyone else a plain user', () => {
    expect(rolesFor('someone@example.com', admins)).toEqual(['user']);
    expect(rolesFor('someone@example.com', parseAdminEmails(undefined))).toEqual(['user']);
  });
});

describe('a new user', () => {
  const user = newUser({
    id: 'u1',
    email: 'Ada@Example.com',
    name: 'Ada',
    passwordHash: 'scrypt$…',
    now: new Date('2026-01-01T00:00:00Z'),
    adminEmails: [],
  });

  it('is stored with the lower-cased email', () => {
    expect(user.email).toBe('ada@example.com');
  });

  it('is shown without its password hash', () => {
    expect(publicUser(user)).toEqual({ id: 'u1', email: 'ada@example.com', name: 'Ada', roles: ['user'], emailVerified: false });
  });
});

describe('an admin by configuration', () => {
  const listed = newUser({
    id: 'u2',
    email: 'boss@example.com',
    name: 'Boss',
    passwordHash: 'scrypt$…',
    now: new Date('2026-01-01T00:00:00Z'),
    adminEmails: ['boss@example.com'],
  });

  it('is a plain user until the email is verified', () => {
    expect(publicUser(listed).roles).toEqual(['user']);
  });

  it('is an admin once the email is verified', () => {
    expect(publicUser({ ...listed, emailVerified: true }).roles).toEqual(['user', 'admin']);
  });
});
