/** POST /auth/refresh: rotates the refresh token; a replayed (already rotated) one revokes the whole session. */

import { refreshSession as contract } from '../../shared/auth/routes';
import { sessionBody } from '../../shared/auth/session-response';
import { rotateSession } from '../../shared/auth/session-store';
import { getUser } from '../../shared/auth/users';
import { httpHandler } from '../../shared/http/handler';
import { unauthorized } from '../../shared/http/problem';
import { limitByAddress } from '../../shared/http/rate-limit';
import { json } from '../../shared/http/response';

const INVALID = 'The refresh token is not valid. Sign in again.';
const REUSED = 'This refresh token was already used; the session has been revoked. Sign in again.';

export const handler = httpHandler(contract, async ({ body, event }) => {
  await limitByAddress(event, 'refresh');
  const outcome = await rotateSession(body.refreshToken);
  if (!outcome.ok) throw unauthorized(outcome.reason === 'REUSED' ? REUSED : INVALID);
  // Roles are read afresh, so a role change reaches the next access token.
  const user = await getUser(outcome.userId);
  if (!user) throw unauthorized(INVALID);
  return json(200, await sessionBody(user, outcome.refreshToken));
});
