import type { User } from './schemas';
import { signingKey } from './signing-key';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './tokens';

export async function sessionBody(user: User, refreshToken: string) {
  const accessToken = await issueAccessToken({ userId: user.id, roles: user.roles }, await signingKey());
  return { user, accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}
