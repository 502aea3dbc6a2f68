/**
 * POST /auth/login. An unknown email and a wrong password answer the same 401 after the
 * same work (one scrypt), so neither the answer nor its timing reveals which emails exist.
 */
import { normalizeEmail, publicUser } from '../../shared/auth/identity';
import { clearLoginAttempts, reserveLoginAttempt } from '../../shared/auth/login-throttle';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../shared/auth/passwords';
import { loginUser as contract } from '../../shared/auth/routes';
import { sessionBody } from '../../shared/auth/session-response';
import { startSession } from '../../shared/auth/session-store';
import { findStoredUserByEmail, updatePasswordHash } from '../../shared/auth/users';
import { clientAddressOf } from '../../shared/http/client-address';
import { httpHandler } from '../../shared/http/handler';
import { HttpProblem, unauthorized } from '../../shared/http/problem';
import { limitByAddress } from '../../shared/http/rate-limit';
import { json } from '../../shared/http/response';

const WRONG_CREDENTIALS = 'The email or password is wrong.';

// Started at cold start, so the first unknown-email login is not slower than a wrong password.
const dummyHash = dummyPasswordHash();

export const handler = httpHandler(contract, async ({ body, event }) => {
  await limitByAddress(event, 'login');
  const email = normalizeEmail(body.email);
  const address = clientAddressOf(event);
  const attempt = await reserveLoginAttempt(email, address);
  if (!attempt.ok) {
    throw new HttpProblem('rate-limited', 'Too many failed logins for this email from this address. Try again later.', {
      headers: { 'retry-after': String(attempt.retryAfterSeconds) },
    });
  }
  const user = await findStoredUserByEmail(email);
  const matches = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !matches) throw unauthorized(WRONG_CREDENTIALS);
  await clearLoginAttempts(email, address);
  // The hash records its cost: raising OWASP_SCRYPT upgrades each user at their next login.
  if (needsRehash(user.passwordHash)) await updatePasswordHash(user.id, await hashPassword(body.password));
  return json(200, await sessionBody(publicUser(user), await startSession(user.id)));
});
