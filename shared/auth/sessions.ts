/**
 * Refresh-token sessions. A refresh token is `<familyId>.<secret>` (256 random bits);
 * only the SHA-256 of the current secret is stored. Every refresh rotates the secret
 * with a conditional update on the current hash, so two concurrent refreshes cannot
 * both win. Presenting a rotated (old) secret is reuse: the whole family is revoked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import type { Role } from '../http/caller';

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const SECRET_BYTES = 32;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newSecret = (): string => randomBytes(SECRET_BYTES).toString('base64url');

export function parseRefreshToken(token: string): { familyId: string; secret: string } | undefined {
  const match = /^([0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { familyId: match[1] as string, secret: match[2] as string } : undefined;
}

export interface SessionOwner {
  readonly userId: string;
  readonly roles: readonly Role[];
}

export async function startSession(userId: string, now: Date = new Date()): Promise<string> {
  const familyId = ulid();
  const secret = newSecret();
  await documentClient.send(
    new UpdateCommand({
      TableName: mainTableName(),
      Key: keys.session(familyId),
      UpdateExpression: 'SET userId = :u, currentHash = :h, revoked = :f, createdAt = :c, expiresAtEpochSeconds = :e',
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeValues: {
        ':u': userId,
        ':h': hashSecret(secret),
        ':f': false,
        ':c': now.toISOString(),
        ':e': Math.floor(now.getTime() / 1000) + REFRESH_TOKEN_TTL_SECONDS,
      },
    }),
  );
  return `${familyId}.${secret}`;
}

export async function revokeFamily(familyId: string): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.session(familyId),
        UpdateExpression: 'SET revoked = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}

export type RotateOutcome = { ok: true; userId: string; refreshToken: string } | { ok: false; reason: 'INVALID' | 'REUSED' };

export async function rotateSession(token: string, now: Date = new Date()): Promise<RotateOutcome> {
  const parsed = parseRefreshToken(token);
  if (!parsed) return { ok: false, reason: 'INVALID' };
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.session(parsed.familyId), ConsistentRead: true }),
  );
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!Item || Item.revoked === true || Number(Item.expiresAtEpochSeconds) < nowSeconds) return { ok: false, reason: 'INVALID' };
  if (Item.currentHash !== hashSecret(parsed.secret)) {
    await revokeFamily(parsed.familyId);
    return { ok: false, reason: 'REUSED' };
  }
  const secret = newSecret();
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.session(parsed.familyId),
        UpdateExpression: 'SET currentHash = :new, rotatedAt = :now',
        ConditionExpression: 'currentHash = :old AND revoked = :f',
        ExpressionAttributeValues: {
          ':new': hashSecret(secret),
          ':old': hashSecret(parsed.secret),
          ':f': false,
          ':now': now.toISOString(),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // A concurrent refresh with the same token won: this one is a reuse.
    await revokeFamily(parsed.familyId);
    return { ok: false, reason: 'REUSED' };
  }
  return { ok: true, userId: String(Item.userId), refreshToken: `${parsed.familyId}.${secret}` };
}

/** Revokes the session of `token` if it belongs to `userId`; silently ignores anything else. */
export async function endSession(token: string, userId: string): Promise<void> {
  const parsed = parseRefreshToken(token);
  if (!parsed) return;
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: keys.session(parsed.familyId) }));
  if (Item?.userId === userId) await revokeFamily(parsed.familyId);
}
