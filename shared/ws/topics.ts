/**
 * Topic authorization: `account:<id>` for its owner, `group:<id>` for members,
 * `user:me` for oneself; admins may subscribe to anything. An unknown account or
 * group is refused exactly like a foreign one, so ids cannot be probed.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';

export const MAX_TOPIC_LENGTH = 200;

export interface TopicCaller {
  readonly userId: string;
  readonly isAdmin: boolean;
}

export type TopicDecision = { readonly allowed: true; readonly topic: string } | { readonly allowed: false };

/** Resolves the topic the caller wrote to the stored one, if they may see it. */
export async function authorizeTopic(caller: TopicCaller, clientTopic: string): Promise<TopicDecision> {
  const match = /^(account|group|user):([A-Za-z0-9_-]{1,64})$/.exec(clientTopic);
  if (!match) return { allowed: false };
  const [, kind, id] = match as unknown as [string, 'account' | 'group' | 'user', string];
  if (kind === 'user') {
    const userId = id === 'me' ? caller.userId : id;
    return userId === caller.userId || caller.isAdmin ? { allowed: true, topic: `user:${userId}` } : { allowed: false };
  }
  if (caller.isAdmin) return { allowed: true, topic: clientTopic };
  const key = kind === 'account' ? keys.account(id) : keys.groupMember(id, caller.userId);
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: key }));
  const allowed = kind === 'account' ? Item?.ownerId === caller.userId : Item !== undefined;
  return allowed ? { allowed: true, topic: clientTopic } : { allowed: false };
}
