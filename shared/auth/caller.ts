/** Who is calling, as the core sees it: an identity and its roles, whatever carried them. */

export type Role = 'user' | 'admin';

export interface Caller {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly isAdmin: boolean;
  /** From the authorizer, read afresh with the session (shared/auth/access.ts). */
  readonly emailVerified: boolean;
}

/** One ownership rule used everywhere: what the caller may not see does not exist for them (404). */
export function canSee(caller: Caller, ownerIds: readonly string[]): boolean {
  return caller.isAdmin || ownerIds.includes(caller.userId);
}
