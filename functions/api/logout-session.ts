/** POST /auth/logout: the session's refresh token stops working. */
import { RefreshRequestSchema } from '../../shared/auth/schemas';
import { endSession } from '../../shared/auth/sessions';
import { httpHandler } from '../../shared/http/handler';
import { noContent } from '../../shared/http/response';

export const handler = httpHandler({ body: RefreshRequestSchema }, async ({ body, caller }) => {
  await endSession(body.refreshToken, caller.userId);
  return noContent();
});
