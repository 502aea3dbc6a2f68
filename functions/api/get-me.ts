/** GET /me: the caller. */
import { getUser } from '../../shared/auth/users';
import { httpHandler } from '../../shared/http/handler';
import { unauthorized } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler({}, async ({ caller }) => {
  const user = await getUser(caller.userId);
  if (!user) throw unauthorized('The user of this token no longer exists.');
  return json(200, user);
});
