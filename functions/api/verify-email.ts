/**
 * POST /auth/verify-email `{ code }`: marks the caller's email verified. Publishes
 * `EmailVerified` once, on the first verification (a repeat answers 200 and publishes nothing),
 * and binds the group invitations waiting for this address.
 */
import { domainEvent } from '../../events/contract';
import { EmailVerifiedV1 } from '../../events/users';
import { verifyEmail as contract } from '../../shared/auth/routes';
import { getUser, markEmailVerified } from '../../shared/auth/users';
import { checkVerificationCode } from '../../shared/auth/verification';
import { publish } from '../../shared/bus/publisher';
import { bindPendingInvites } from '../../shared/groups/invites';
import { httpHandler } from '../../shared/http/handler';
import { unauthorized, validationError } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ body, caller }) => {
  const user = await getUser(caller.userId);
  if (!user) throw unauthorized('The user of this token no longer exists.');
  if (user.emailVerified) return json(200, user);
  const check = await checkVerificationCode(caller.userId, body.code);
  if (check !== 'VALID') {
    const message = check === 'WRONG' ? 'wrong code' : 'expired or used up; ask for a new one';
    throw validationError(`The verification code is not valid: ${message}.`, [{ path: 'code', message }]);
  }
  const now = new Date();
  if (!(await markEmailVerified(caller.userId, now))) throw unauthorized('The user of this token no longer exists.');
  // Invitations to this address become memberships only now that its owner has proved it.
  await bindPendingInvites(user.id, user.email, user.name);
  await publish([domainEvent(EmailVerifiedV1, { userId: user.id, email: user.email, occurredAt: now.toISOString() })]);
  return json(200, { ...user, emailVerified: true, roles: (await getUser(caller.userId))?.roles ?? user.roles });
});
