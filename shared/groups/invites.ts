/**
 * Invitations of an address that has no user yet: kept per email, and turned into
 * memberships once that address belongs to a user who has verified it (POST /auth/verify-email),
 * so no one joins a group by registering someone else's address.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeEmail } from '../auth/identity';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { transactWrite } from '../dynamo/transact';
import { logger } from '../observability/logger';
import { sentences } from './activity';
import { GroupVersionMoved, groupEventItems, retryOnGroupVersion } from './apply';
import { getGroup, memberItem } from './groups';
import { MAX_GROUP_MEMBERS } from './schemas';

/** One address is invited to at most this many groups at once (one query page binds them all). */
export const MAX_PENDING_INVITES = 100;

export interface InviteItem {
  readonly email: string;
  readonly groupId: string;
  readonly invitedBy: string;
  readonly invitedByName: string;
  readonly invitedAt: string;
}

/** False when that address is already invited to that group. */
export async function storeInvite(invite: InviteItem): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          ...keys.groupInvite(normalizeEmail(invite.email), invite.groupId),
          type: 'invite',
          ...invite,
          email: normalizeEmail(invite.email),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Makes the user a member of every group their address was invited to, each once. */
export async function bindPendingInvites(userId: string, email: string, name: string): Promise<void> {
  const address = normalizeEmail(email);
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.groupInvite(address, '').pk },
      Limit: MAX_PENDING_INVITES,
    }),
  );
  for (const invite of (Items ?? []) as InviteItem[]) {
    await retryOnGroupVersion(() => bindOne(invite, userId, name));
    await documentClient.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.groupInvite(address, invite.groupId) }));
  }
}

async function bindOne(invite: InviteItem, userId: string, name: string): Promise<void> {
  const group = await getGroup(invite.groupId);
  if (!group) return;
  const joinedAt = new Date().toISOString();
  const outcome = await transactWrite([
    {
      Put: {
        TableName: mainTableName(),
        Item: memberItem(group.id, userId, name, joinedAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...groupEventItems(
      group.id,
      Number(group.version),
      {
        type: 'MemberJoined',
        actorId: invite.invitedBy,
        text: sentences.joined(invite.invitedByName, name),
        occurredAt: joinedAt,
        data: { userId, name, invited: true },
      },
      {
        set: 'memberCount = memberCount + :one, nets.#u = if_not_exists(nets.#u, :zero)',
        condition: 'memberCount < :max',
        names: { '#u': userId },
        values: { ':one': 1, ':zero': 0, ':max': MAX_GROUP_MEMBERS },
      },
    ),
  ]);
  if (outcome.ok) return;
  if (outcome.cancelled.some((c) => c.index === 0 && c.code === 'ConditionalCheckFailed')) return; // already a member
  if (Number(group.memberCount) >= MAX_GROUP_MEMBERS) return logger.warn('invite not bound: the group is full', { groupId: group.id });
  throw new GroupVersionMoved(group.id);
}
