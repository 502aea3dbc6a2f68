/**
 * What an access token may do right now: its session must still be live (not logged out, not
 * revoked for reuse, not expired) and its user must exist. Roles and the email's verification
 * are read afresh, so a verification or a role change reaches the token at the authorizer's
 * next call instead of at the next refresh. The authorizer calls this once per token per
 * `resultsCacheTtlSeconds` (manifest), which bounds how long a logged-out token keeps working.
 */

import type { Role } from './caller';
import { effectiveRoles } from './identity';
import { getSession } from './session-store';
import { getStoredUser } from './users';

export interface CurrentAccess {
  readonly roles: readonly Role[];
  readonly emailVerified: boolean;
}

export async function currentAccess(userId: string, sessionId: string, now: Date = new Date()): Promise<CurrentAccess | undefined> {
  const [session, user] = await Promise.all([getSession(sessionId), getStoredUser(userId)]);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!session || session.revoked || session.userId !== userId || session.expiresAtEpochSeconds <= nowSeconds) return undefined;
  if (!user) return undefined;
  return { roles: effectiveRoles(user.roles, user.emailVerified), emailVerified: user.emailVerified };
}
