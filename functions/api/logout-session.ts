/** POST /auth/logout: the session's refresh token (and every later one of its family) stops working. */
import { LogoutRequestSchema } from '../../shared/auth/schemas';
import { endSession } from '../../shared/auth/session-store';
import { httpHandler } from '../../shared/http/handler';
import { noContent } from '../../shared/http/response';

export const handler = httpHandler({ body: LogoutRequestSchema }, async ({ body, caller }) => {
  await endSession(body.refreshToken, caller.userId);
  return noContent();
});
