/** The body register, login and refresh answer with: the user, a fresh access token and the refresh token. */
import type { SessionResponse, User } from './schemas';
import { parseRefreshToken } from './sessions';
import { signingKey } from './signing-key';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './tokens';

export async function sessionBody(user: User, refreshToken: string): Promise<SessionResponse> {
  const sessionId = parseRefreshToken(refreshToken)?.familyId;
  if (!sessionId) throw new Error('Invariant: a session body is built from a well-formed refresh token');
  const accessToken = await issueAccessToken({ userId: user.id, roles: user.roles, sessionId }, await signingKey());
  return { user, accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}
