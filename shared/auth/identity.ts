/**
 * Pure rules about users: the canonical email (the uniqueness key), the roles a new
 * user gets, and what of a stored user the API shows. users.ts stores them.
 */
import type { Role } from './caller';
import type { User } from './schemas';

export interface StoredUser extends User {
  readonly passwordHash: string;
  readonly createdAt: string;
}

/**
 * The roles a user holds now: an email on the admin list makes its user an admin only once
 * the email is verified (API.md), so registering someone else's listed address gains nothing.
 */
export function effectiveRoles(roles: readonly Role[], emailVerified: boolean): Role[] {
  return roles.filter((role) => role !== 'admin' || emailVerified);
}

/**
 * Emails are unique case-insensitively and stored lower-cased. (RFC 5321 lets the local
 * part be case-sensitive, but no mainstream provider treats it so, and two accounts for
 * `Ada@x` and `ada@x` would be an account-takeover trap.)
 */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** `ADMIN_EMAILS` (comma-separated, any case, blanks ignored) → canonical emails. */
export function parseAdminEmails(list: string | undefined): readonly string[] {
  return (list ?? '').split(',').map(normalizeEmail).filter(Boolean);
}

/** The first admins are configured, not granted through the API: an email on the list registers as admin. */
export function rolesFor(email: string, adminEmails: readonly string[]): Role[] {
  return adminEmails.includes(normalizeEmail(email)) ? ['user', 'admin'] : ['user'];
}

export function newUser(input: {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly now: Date;
  readonly adminEmails: readonly string[];
}): StoredUser {
  const email = normalizeEmail(input.email);
  return {
    id: input.id,
    email,
    name: input.name,
    roles: rolesFor(email, input.adminEmails),
    emailVerified: false,
    passwordHash: input.passwordHash,
    createdAt: input.now.toISOString(),
  };
}

/** Never the password hash; an unverified admin is shown (and treated) as a user. */
export const publicUser = (user: StoredUser): User => ({
  id: user.id,
  email: user.email,
  name: user.name,
  roles: effectiveRoles(user.roles, user.emailVerified),
  emailVerified: user.emailVerified,
});
