/** GET /me: the caller's user. */

import { getMe as contract } from '../../shared/auth/routes';
import { getUser } from '../../shared/auth/users';
import { httpHandler } from '../../shared/http/handler';
import { unauthorized } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller }) => {
  const user = await getUser(caller.userId);
  // A valid token for a user that no longer exists is a credential that no longer works.
  if (!user) throw unauthorized('The user of this token no longer exists.');
  return json(200, user);
});
