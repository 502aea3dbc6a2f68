/** Access tokens: HS256 JWTs (jose), 15 minutes, carrying the user id and roles. */
import { jwtVerify, SignJWT } from 'jose';
import type { Role } from '../http/caller';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'evenly';
const AUDIENCE = 'evenly-api';

export interface AccessClaims {
  readonly userId: string;
  readonly roles: readonly Role[];
}

export async function issueAccessToken(claims: AccessClaims, key: Uint8Array, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
    .sign(key);
}

/** Returns the claims, or undefined for any invalid, expired or foreign token. */
export async function verifyAccessToken(token: string, key: Uint8Array, now: Date = new Date()): Promise<AccessClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
    });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => r === 'user' || r === 'admin') : [];
    if (!payload.sub || roles.length === 0) return undefined;
    return { userId: payload.sub, roles };
  } catch {
    return undefined;
  }
}
