/** POST /auth/logout: the session's refresh token (and every later one of its family) stops working. */

import { logoutSession as contract } from '../../shared/auth/routes';
import { endSession } from '../../shared/auth/session-store';
import { httpHandler } from '../../shared/http/handler';
import { noContent } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ body, caller }) => {
  await endSession(body.refreshToken, caller.userId);
  return noContent();
});
