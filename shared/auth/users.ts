/**
 * Users in DynamoDB. Two items per user, written in one transaction:
 * - `keys.user(id)`: the profile and password hash;
 * - `keys.email(email)`: a marker whose `attribute_not_exists` condition makes the
 *   (lower-cased) email unique. Two concurrent registrations of one email cannot both
 *   pass it, which a read-then-write check could not promise.
 *
 * Other domains use `getUser` and `findUserByEmail`; they never see password hashes.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { transactWrite } from '../dynamo/transact';
import type { Role } from './caller';
import { normalizeEmail, publicUser, type StoredUser } from './identity';
import type { User } from './schemas';

export type CreateUserOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: 'EMAIL_TAKEN' };

const EMAIL_MARKER_INDEX = 1;

export async function createUser(user: StoredUser): Promise<CreateUserOutcome> {
  const table = mainTableName();
  const outcome = await transactWrite([
    {
      Put: {
        TableName: table,
        Item: { ...keys.user(user.id), type: 'user', ...user },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: { ...keys.email(user.email), type: 'email', userId: user.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
  if (outcome.ok) return { ok: true };
  const emailTaken = outcome.cancelled.some((c) => c.index === EMAIL_MARKER_INDEX && c.code === 'ConditionalCheckFailed');
  if (!emailTaken) {
    // The user id is a fresh ULID: only the email marker's condition can legitimately fail.
    throw new Error(`Invariant: registering user ${user.id} failed for another reason: ${JSON.stringify(outcome.cancelled)}`);
  }
  return { ok: false, reason: 'EMAIL_TAKEN' };
}

function toStoredUser(item: Record<string, unknown>): StoredUser {
  return {
    id: String(item.id),
    email: String(item.email),
    name: String(item.name),
    roles: Array.isArray(item.roles) ? item.roles.filter((r): r is Role => r === 'user' || r === 'admin') : ['user'],
    emailVerified: item.emailVerified === true,
    passwordHash: String(item.passwordHash),
    createdAt: String(item.createdAt),
  };
}

export async function getStoredUser(userId: string): Promise<StoredUser | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: keys.user(userId), ConsistentRead: true }));
  return Item ? toStoredUser(Item) : undefined;
}

export async function findStoredUserByEmail(email: string): Promise<StoredUser | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.email(normalizeEmail(email)), ConsistentRead: true }),
  );
  return typeof Item?.userId === 'string' ? getStoredUser(Item.userId) : undefined;
}

/** `{ id, email, name, roles }`, or undefined for an unknown id. */
export async function getUser(userId: string): Promise<User | undefined> {
  const user = await getStoredUser(userId);
  return user ? publicUser(user) : undefined;
}

/** `{ id, email, name, roles }` for an email in any case, or undefined. */
export async function findUserByEmail(email: string): Promise<User | undefined> {
  const user = await findStoredUserByEmail(email);
  return user ? publicUser(user) : undefined;
}

/** Replaces a password hash made with outdated scrypt parameters (see passwords.ts). */
export async function updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: mainTableName(),
      Key: keys.user(userId),
      UpdateExpression: 'SET passwordHash = :hash',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':hash': passwordHash },
    }),
  );
}

/** Marks the email verified; false when the user is gone. */
export async function markEmailVerified(userId: string, now: Date = new Date()): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.user(userId),
        UpdateExpression: 'SET emailVerified = :true, emailVerifiedAt = if_not_exists(emailVerifiedAt, :now)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true, ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
