/** POST /auth/verify-email/resend: another code by email (202), at most one per cooldown (429 with retry-after). */
import { domainEvent } from '../../events/contract';
import { EmailVerificationRequestedV1 } from '../../events/users';
import { resendVerification as contract } from '../../shared/auth/routes';
import { getUser } from '../../shared/auth/users';
import { RESEND_COOLDOWN_SECONDS } from '../../shared/auth/verification';
import { publish } from '../../shared/bus/publisher';
import { takeFromWindow } from '../../shared/dynamo/fixed-window';
import { keys } from '../../shared/dynamo/keys';
import { httpHandler } from '../../shared/http/handler';
import { conflict, HttpProblem, unauthorized } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller }) => {
  const user = await getUser(caller.userId);
  if (!user) throw unauthorized('The user of this token no longer exists.');
  if (user.emailVerified) throw conflict('This email is already verified.');
  const taken = await takeFromWindow(keys.verificationCooldown(user.id), { max: 1, windowSeconds: RESEND_COOLDOWN_SECONDS });
  if (!taken.ok) {
    throw new HttpProblem('rate-limited', 'A code was sent moments ago. Wait before asking for another.', {
      headers: { 'retry-after': String(taken.retryAfterSeconds) },
    });
  }
  await publish([domainEvent(EmailVerificationRequestedV1, { userId: user.id, email: user.email, occurredAt: new Date().toISOString() })]);
  return json(202, { status: 'SENT', to: user.email });
});
