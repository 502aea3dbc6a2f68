/**
 * Refresh-token sessions, the pure rules (session-store.ts is the DynamoDB adapter).
 *
 * A refresh token is `<familyId>.<secret>`: the family id (a ULID) names the session,
 * the secret is 256 random bits. Only SHA-256 of the current secret is stored, so a
 * leaked table does not leak usable tokens (the secret has full entropy, so a fast
 * hash is enough; no salt or scrypt needed).
 *
 * Every refresh rotates the secret. Presenting a secret of a live family that was once
 * its current one means an old, already rotated token was replayed — by a thief or by the
 * owner after a thief — and the two cannot be told apart, so the whole family is revoked
 * (OAuth 2.0 Security BCP, RFC 9700 §4.14.2, refresh token rotation). A secret that was
 * never valid proves nothing (anyone can pair a session id with random bytes) and is a
 * plain 401: otherwise a stranger who saw a session id could end that session.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A family's absolute lifetime: rotation does not extend it, so a session ends 30 days after login. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const SECRET_BYTES = 32;
/**
 * Rotated secrets remembered per family: a refresh every 15 minutes for a day. A replay of an
 * older one is a plain 401 (its access tokens are long expired by then).
 */
export const MAX_PREVIOUS_HASHES = 100;
const TOKEN_FORMAT = /^([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

export interface SessionRecord {
  readonly familyId: string;
  readonly userId: string;
  /** SHA-256 (base64url) of the only secret that may refresh now. */
  readonly currentHash: string;
  /** Hashes of the family's rotated secrets, oldest first, at most MAX_PREVIOUS_HASHES. */
  readonly previousHashes: readonly string[];
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
    previousHashes: [],
    revoked: false,
    expiresAtEpochSeconds: nowEpochSeconds + REFRESH_TOKEN_TTL_SECONDS,
  };
}

/**
 * - `ROTATE`: the presented secret is the current one of a live family.
 * - `REUSED`: the family is live and the secret is one it rotated away: revoke the family.
 * - `INVALID`: no such family, it is revoked or expired (nothing left to protect), or the
 *   secret was never one of its own.
 */
export type RefreshDecision = 'ROTATE' | 'REUSED' | 'INVALID';

export function decideRefresh(session: SessionRecord | undefined, presentedHash: string, nowEpochSeconds: number): RefreshDecision {
  if (!session || session.revoked || session.expiresAtEpochSeconds <= nowEpochSeconds) return 'INVALID';
  if (session.currentHash === presentedHash) return 'ROTATE';
  return session.previousHashes.includes(presentedHash) ? 'REUSED' : 'INVALID';
}

/** The rotated hashes to keep after `presentedHash` is rotated away. */
export const nextPreviousHashes = (session: SessionRecord, presentedHash: string): string[] =>
  [...session.previousHashes, presentedHash].slice(-MAX_PREVIOUS_HASHES);
