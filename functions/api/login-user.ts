/** POST /auth/login: the same 401, in about the same time, for an unknown email and a wrong password. */
import { clearFailures, lockedForSeconds, recordFailure } from '../../shared/auth/login-throttle';
import { dummyPasswordHash, verifyPassword } from '../../shared/auth/passwords';
import { LoginRequestSchema } from '../../shared/auth/schemas';
import { sessionBody } from '../../shared/auth/session-response';
import { startSession } from '../../shared/auth/sessions';
import { findStoredUserByEmail, normalizeEmail, publicUser } from '../../shared/auth/users';
import { httpHandler } from '../../shared/http/handler';
import { HttpProblem } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

const WRONG_CREDENTIALS = 'The email or password is wrong.';

export const handler = httpHandler({ auth: false, body: LoginRequestSchema }, async ({ body }) => {
  const email = normalizeEmail(body.email);
  const lockedSeconds = await lockedForSeconds(email);
  if (lockedSeconds > 0) {
    throw new HttpProblem('rate-limited', 'Too many failed logins for this email. Try again later.', {
      headers: { 'retry-after': String(lockedSeconds) },
    });
  }
  const user = await findStoredUserByEmail(email);
  const matches = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !matches) {
    await recordFailure(email);
    throw new HttpProblem('unauthorized', WRONG_CREDENTIALS);
  }
  await clearFailures(email);
  return json(200, await sessionBody(publicUser(user), await startSession(user.id)));
});
