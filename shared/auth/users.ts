/** Users in DynamoDB; a case-insensitive unique email, enforced by a conditional write. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { transactWrite } from '../dynamo/transact';
import type { Role } from '../http/caller';
import type { User } from './schemas';

export interface StoredUser extends User {
  readonly passwordHash: string;
  readonly createdAt: string;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Emails listed (comma-separated) in ADMIN_EMAILS become admins when they register. */
export function rolesFor(email: string, adminEmails = process.env.ADMIN_EMAILS ?? ''): Role[] {
  const admins = adminEmails.split(',').map(normalizeEmail).filter(Boolean);
  return admins.includes(normalizeEmail(email)) ? ['user', 'admin'] : ['user'];
}

export const publicUser = (user: StoredUser): User => ({ id: user.id, email: user.email, name: user.name, roles: user.roles });

/** Returns false when the email is taken (the email marker's condition failed). */
export async function createUser(user: StoredUser): Promise<boolean> {
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
        Item: { ...keys.email(user.email), userId: user.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
  return outcome.ok;
}

export async function getStoredUser(userId: string): Promise<StoredUser | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: keys.user(userId) }));
  return Item as StoredUser | undefined;
}

export async function getUser(userId: string): Promise<User | undefined> {
  const user = await getStoredUser(userId);
  return user ? publicUser(user) : undefined;
}

export async function findStoredUserByEmail(email: string): Promise<StoredUser | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.email(normalizeEmail(email)), ConsistentRead: true }),
  );
  return typeof Item?.userId === 'string' ? getStoredUser(Item.userId) : undefined;
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const user = await findStoredUserByEmail(email);
  return user ? publicUser(user) : undefined;
}
