/**
 * Access tokens: HS256 JWTs (jose) that live 15 minutes and carry the user id (`sub`)
 * and roles. Pure: the key and the clock are passed in. Short-lived on purpose: they
 * carry their session (`sid`), which the authorizer checks on every uncached call, so a
 * logout or a reuse revocation (sessions.ts) stops them within the authorizer's result cache
 * (`resultsCacheTtlSeconds` in the manifest, one minute).
 */
import { jwtVerify, SignJWT } from 'jose';
import type { Role } from './caller';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ACCESS_TOKEN_ISSUER = 'evenly';
export const ACCESS_TOKEN_AUDIENCE = 'evenly-api';
const ALGORITHM = 'HS256';

export interface AccessClaims {
  readonly userId: string;
  readonly roles: readonly Role[];
  /**
   * The refresh-token family the token was issued for (`sid`): the authorizer checks that it is
   * still live, so logout and reuse revocation reach access tokens within its cache time.
   */
  readonly sessionId?: string;
}

const isRole = (value: unknown): value is Role => value === 'user' || value === 'admin';

export async function issueAccessToken(claims: AccessClaims, key: Uint8Array, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ roles: [...claims.roles], ...(claims.sessionId ? { sid: claims.sessionId } : {}) })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
    .sign(key);
}

/**
 * The claims, or undefined for any malformed, expired, foreign or wrongly signed token.
 * `keys`: every key the token may have been signed with (the current one and, after a
 * replacement, the one before it); the first that verifies it counts.
 */
export async function verifyAccessToken(
  token: string,
  keys: Uint8Array | readonly Uint8Array[],
  now: Date = new Date(),
): Promise<AccessClaims | undefined> {
  for (const key of keys instanceof Uint8Array ? [keys] : keys) {
    const claims = await verifyWith(token, key, now);
    if (claims) return claims;
  }
  return undefined;
}

async function verifyWith(token: string, key: Uint8Array, now: Date): Promise<AccessClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
      algorithms: [ALGORITHM],
      requiredClaims: ['sub', 'exp', 'iat'],
      currentDate: now,
    });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (!payload.sub || roles.length === 0) return undefined;
    return { userId: payload.sub, roles, ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}) };
  } catch {
    return undefined;
  }
}
