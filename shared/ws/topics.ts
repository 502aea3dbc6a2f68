/**
 * Topic authorization: `account:<id>` for its owner, `group:<id>` for members,
 * `user:me` for oneself; admins may subscribe to anything. An unknown account or
 * group is refused exactly like a foreign one, so ids cannot be probed.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../dynamo/client';
import { type Key, keys } from '../dynamo/keys';

/** Generous for ULIDs and UUIDs; anything longer cannot name a real resource. */
const TOPIC_PATTERN = /^(account|group|user):([A-Za-z0-9_-]{1,64})$/;

export interface TopicCaller {
  readonly userId: string;
  readonly isAdmin: boolean;
}

export type TopicDecision = { readonly allowed: true; readonly topic: string } | { readonly allowed: false };

/** Reads one item of the main table; injected so the rules can be tested without DynamoDB. */
export type MainItemReader = (key: Key) => Promise<Record<string, unknown> | undefined>;

// Consistent: a client commonly creates an account (or joins a group) and subscribes at once.
const readMainItem: MainItemReader = async (key) =>
  (await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: key, ConsistentRead: true }))).Item;

interface ParsedTopic {
  readonly kind: 'account' | 'group' | 'user';
  readonly id: string;
  /** The stored spelling: `user:me` becomes `user:<caller id>`. */
  readonly topic: string;
}

function parseTopic(caller: TopicCaller, clientTopic: string): ParsedTopic | undefined {
  const match = TOPIC_PATTERN.exec(clientTopic);
  if (!match) return undefined;
  const kind = match[1] as ParsedTopic['kind'];
  const id = kind === 'user' && match[2] === 'me' ? caller.userId : (match[2] as string);
  return { kind, id, topic: `${kind}:${id}` };
}

/** The stored topic a client's spelling stands for (`user:me` → `user:<id>`), if it is a topic at all. */
export function resolveTopic(caller: TopicCaller, clientTopic: string): string | undefined {
  return parseTopic(caller, clientTopic)?.topic;
}

/** Resolves the topic the caller wrote to the stored one, if they may see it. */
export async function authorizeTopic(
  caller: TopicCaller,
  clientTopic: string,
  read: MainItemReader = readMainItem,
): Promise<TopicDecision> {
  const parsed = parseTopic(caller, clientTopic);
  if (!parsed) return { allowed: false };
  const allow: TopicDecision = { allowed: true, topic: parsed.topic };
  if (caller.isAdmin) return allow;
  switch (parsed.kind) {
    case 'user':
      return parsed.id === caller.userId ? allow : { allowed: false };
    case 'account': {
      const account = await read(keys.account(parsed.id));
      return account?.ownerId === caller.userId ? allow : { allowed: false };
    }
    case 'group': {
      // The membership item's existence is membership.
      const membership = await read(keys.groupMember(parsed.id, caller.userId));
      return membership !== undefined ? allow : { allowed: false };
    }
  }
}
