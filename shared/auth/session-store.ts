/**
 * Sessions in DynamoDB: one item per refresh-token family (`keys.session(familyId)`),
 * TTL'd by `expiresAtEpochSeconds`. The rules are in sessions.ts; this module applies
 * them and puts the one that races — "only the current secret may rotate" — into the
 * write's condition, so two concurrent refreshes with one token cannot both win.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import {
  decideRefresh,
  hashSecret,
  mintRefreshToken,
  newSessionRecord,
  nextPreviousHashes,
  parseRefreshToken,
  type SessionRecord,
} from './sessions';

export type RotateOutcome =
  | { readonly ok: true; readonly userId: string; readonly refreshToken: string }
  | { readonly ok: false; readonly reason: 'INVALID' | 'REUSED' };

const epochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

const ignoreConditionFailure = (error: unknown): void => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

/** Starts a new family for `userId` and returns its first refresh token. */
export async function startSession(userId: string, now: Date = new Date()): Promise<string> {
  const familyId = ulid();
  const { token, secretHash } = mintRefreshToken(familyId);
  const record = newSessionRecord(familyId, userId, secretHash, epochSeconds(now));
  await documentClient.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: { ...keys.session(familyId), type: 'session', ...record, createdAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return token;
}

export async function getSession(familyId: string): Promise<SessionRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.session(familyId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return {
    familyId,
    userId: String(Item.userId),
    currentHash: String(Item.currentHash),
    previousHashes: Array.isArray(Item.previousHashes) ? Item.previousHashes.map(String) : [],
    revoked: Item.revoked === true,
    expiresAtEpochSeconds: Number(Item.expiresAtEpochSeconds),
  };
}

export async function revokeFamily(familyId: string, now: Date = new Date()): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.session(familyId),
        UpdateExpression: 'SET revoked = :true, revokedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true, ':now': now.toISOString() },
      }),
    )
    .catch(ignoreConditionFailure);
}

/** Exchanges a refresh token for the next one of its family; a replayed token revokes the family. */
export async function rotateSession(token: string, now: Date = new Date()): Promise<RotateOutcome> {
  const parsed = parseRefreshToken(token);
  if (!parsed) return { ok: false, reason: 'INVALID' };
  const presentedHash = hashSecret(parsed.secret);
  const session = await getSession(parsed.familyId);
  const decision = decideRefresh(session, presentedHash, epochSeconds(now));
  if (decision === 'INVALID') return { ok: false, reason: 'INVALID' };
  if (decision === 'REUSED' || !session) {
    await revokeFamily(parsed.familyId, now);
    return { ok: false, reason: 'REUSED' };
  }
  const next = mintRefreshToken(parsed.familyId);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.session(parsed.familyId),
        UpdateExpression: 'SET currentHash = :next, previousHashes = :previous, rotatedAt = :now',
        // The rule again, atomically: between our read and this write another refresh
        // may have rotated (or a logout revoked) the family.
        ConditionExpression: 'currentHash = :presented AND revoked = :false',
        ExpressionAttributeValues: {
          ':next': next.secretHash,
          ':previous': nextPreviousHashes(session, presentedHash),
          ':presented': presentedHash,
          ':false': false,
          ':now': now.toISOString(),
        },
      }),
    );
  } catch (error) {
    ignoreConditionFailure(error);
    // A concurrent refresh with this very token won: this one presented a rotated token.
    await revokeFamily(parsed.familyId, now);
    return { ok: false, reason: 'REUSED' };
  }
  return { ok: true, userId: session.userId, refreshToken: next.token };
}

/**
 * Logout: revokes the family of `token` if it belongs to `userId`. Anything else (a
 * malformed token, another user's session) is ignored, so logout answers alike for all
 * and reveals nothing about other sessions.
 */
export async function endSession(token: string, userId: string, now: Date = new Date()): Promise<void> {
  const parsed = parseRefreshToken(token);
  if (!parsed) return;
  await documentClient
    .send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.session(parsed.familyId),
        UpdateExpression: 'SET revoked = :true, revokedAt = :now',
        ConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':true': true, ':now': now.toISOString(), ':userId': userId },
      }),
    )
    .catch(ignoreConditionFailure);
}
