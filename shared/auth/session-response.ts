/** The body register, login and refresh answer with: the user, a fresh access token and the refresh token. */
import type { SessionResponse, User } from './schemas';
import { signingKey } from './signing-key';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './tokens';

export async function sessionBody(user: User, refreshToken: string): Promise<SessionResponse> {
  const accessToken = await issueAccessToken({ userId: user.id, roles: user.roles }, await signingKey());
  return { user, accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}
