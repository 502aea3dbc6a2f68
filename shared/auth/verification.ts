/**
 * Email-verification codes: six digits, only their SHA-256 stored, valid for
 * VERIFICATION_CODE_TTL_SECONDS, at most MAX_CODE_ATTEMPTS wrong guesses per code (six
 * digits are guessable without that bound). A new code replaces the one before it.
 */
import { createHash, randomInt } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';

export const VERIFICATION_CODE_TTL_SECONDS = 24 * 60 * 60;
export const MAX_CODE_ATTEMPTS = 5;
/** How long after a code was sent another may be asked for. */
export const RESEND_COOLDOWN_SECONDS = 60;
export const VERIFICATION_CODE = /^\d{6}$/;

const hashCode = (code: string): string => createHash('sha256').update(code).digest('base64url');
const epochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

/** A fresh code for `userId`, stored (hashed) in place of any earlier one. */
export async function issueVerificationCode(userId: string, now: Date = new Date()): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await documentClient.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        ...keys.emailVerification(userId),
        type: 'emailVerification',
        codeHash: hashCode(code),
        attempts: 0,
        expiresAtEpochSeconds: epochSeconds(now) + VERIFICATION_CODE_TTL_SECONDS,
      },
    }),
  );
  return code;
}

export type CodeCheck = 'VALID' | 'WRONG' | 'EXPIRED';

/** Counts the attempt first (the bound is in the write's condition), then compares. */
export async function checkVerificationCode(userId: string, code: string, now: Date = new Date()): Promise<CodeCheck> {
  const nowSeconds = epochSeconds(now);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.emailVerification(userId),
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'attribute_exists(pk) AND attempts < :max AND expiresAtEpochSeconds > :now',
        ExpressionAttributeValues: { ':one': 1, ':max': MAX_CODE_ATTEMPTS, ':now': nowSeconds },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'EXPIRED';
    throw error;
  }
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.emailVerification(userId), ConsistentRead: true }),
  );
  return Item?.codeHash === hashCode(code) ? 'VALID' : 'WRONG';
}
