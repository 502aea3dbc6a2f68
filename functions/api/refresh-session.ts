/** POST /auth/refresh: rotates the refresh token; a reused one revokes the whole session. */
import { RefreshRequestSchema } from '../../shared/auth/schemas';
import { sessionBody } from '../../shared/auth/session-response';
import { rotateSession } from '../../shared/auth/sessions';
import { getUser } from '../../shared/auth/users';
import { httpHandler } from '../../shared/http/handler';
import { unauthorized } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler({ auth: false, body: RefreshRequestSchema }, async ({ body }) => {
  const outcome = await rotateSession(body.refreshToken);
  if (!outcome.ok) {
    throw unauthorized(
      outcome.reason === 'REUSED'
        ? 'This refresh token was already used; the session has been revoked. Sign in again.'
        : 'The refresh token is not valid.',
    );
  }
  const user = await getUser(outcome.userId);
  if (!user) throw unauthorized('The refresh token is not valid.');
  return json(200, await sessionBody(user, outcome.refreshToken));
});
