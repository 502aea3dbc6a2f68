/**
 * Refresh-token sessions, the pure rules (session-store.ts is the DynamoDB adapter).
 *
 * A refresh token is `<familyId>.<secret>`: the family id (a ULID) names the session,
 * the secret is 256 random bits. Only SHA-256 of the current secret is stored, so a
 * leaked table does not leak usable tokens (the secret has full entropy, so a fast
 * hash is enough; no salt or scrypt needed).
 *
 * Every refresh rotates the secret. Presenting any other secret of a live family means
 * an old, already rotated token was replayed — by a thief or by the owner after a thief
 * — and the two cannot be told apart, so the whole family is revoked (OAuth 2.0
 * Security BCP, RFC 9700 §4.14.2, refresh token rotation).
 */
import { createHash, randomBytes } from 'node:crypto';

/** A family's absolute lifetime: rotation does not extend it, so a session ends 30 days after login. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const SECRET_BYTES = 32;
const TOKEN_FORMAT = /^([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

export interface SessionRecord {
  readonly familyId: string;
  readonly userId: string;
  /** SHA-256 (base64url) of the only secret that may refresh now. */
  readonly currentHash: string;
  readonly revoked: boolean;
  readonly expiresAtEpochSeconds: number;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

export function formatRefreshToken(familyId: string, secret: string): string {
  return `${familyId}.${secret}`;
}

export function parseRefreshToken(token: string): { familyId: string; secret: string } | undefined {
  const match = TOKEN_FORMAT.exec(token);
  return match ? { familyId: match[1] as string, secret: match[2] as string } : undefined;
}

/** A fresh secret for `familyId`: the token for the client and the hash to store. */
export function mintRefreshToken(familyId: string): { token: string; secretHash: string } {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: formatRefreshToken(familyId, secret), secretHash: hashSecret(secret) };
}

export function newSessionRecord(familyId: string, userId: string, secretHash: string, nowEpochSeconds: number): SessionRecord {
  return {
    familyId,
    userId,
    currentHash: secretHash,
    revoked: false,
    expiresAtEpochSeconds: nowEpochSeconds + REFRESH_TOKEN_TTL_SECONDS,
  };
}

/**
 * - `ROTATE`: the presented secret is the current one of a live family.
 * - `REUSED`: the family is live but the secret is not the current one: revoke the family.
 * - `INVALID`: no such family, or it is revoked or expired (nothing left to protect).
 */
export type RefreshDecision = 'ROTATE' | 'REUSED' | 'INVALID';

export function decideRefresh(session: SessionRecord | undefined, presentedHash: string, nowEpochSeconds: number): RefreshDecision {
  if (!session || session.revoked || session.expiresAtEpochSeconds <= nowEpochSeconds) return 'INVALID';
  return session.currentHash === presentedHash ? 'ROTATE' : 'REUSED';
}
