/**
 * WebSocket connections and their topic subscriptions (the `connections` table).
 * A connection item stores who connected, because API Gateway passes the authorizer
 * context reliably only on $connect; subscription items are indexed by topic (GSI
 * `byTopic`) so fan-out finds subscribers with a query, never a scan. Subscriptions
 * expire with their connection (API Gateway's 2-hour limit), so a stale one is
 * recognisable even before DynamoDB TTL gets round to deleting it.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '../dynamo/batch-write';
import { connectionsTableName, documentClient } from '../dynamo/client';
import type { Role } from '../http/caller';
import { BY_TOPIC_INDEX, type ConnectionsKey, SUBSCRIPTION_SK_PREFIX, wsKeys } from './keys';

/** API Gateway WebSocket connections live at most 2 hours (then API Gateway closes them). */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;

export interface ConnectionItem {
  readonly connectionId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly connectedAt: string;
  readonly expiresAtEpochSeconds: number;
}

export interface Subscription {
  /** The stored topic (`user:<id>`). */
  readonly topic: string;
  /** The topic as the client wrote it (`user:me`); pushes echo this spelling. */
  readonly clientTopic: string;
}

export interface Subscriber extends Subscription {
  readonly connectionId: string;
  readonly expiresAtEpochSeconds: number;
}

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

export async function saveConnection(connectionId: string, userId: string, roles: readonly Role[], now = new Date()): Promise<void> {
  const item: ConnectionItem = {
    connectionId,
    userId,
    roles,
    connectedAt: now.toISOString(),
    expiresAtEpochSeconds: epochSeconds(now) + CONNECTION_TTL_SECONDS,
  };
  await documentClient.send(new PutCommand({ TableName: connectionsTableName(), Item: { ...wsKeys.connection(connectionId), ...item } }));
}

export async function getConnection(connectionId: string): Promise<ConnectionItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: connectionsTableName(), Key: wsKeys.connection(connectionId), ConsistentRead: true }),
  );
  return Item as ConnectionItem | undefined;
}

/** Everything stored under one connection, subscriptions only when `subscriptionsOnly`. */
async function itemsOf(connectionId: string, subscriptionsOnly: boolean): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: connectionsTableName(),
        KeyConditionExpression: subscriptionsOnly ? 'pk = :pk AND begins_with(sk, :sub)' : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': wsKeys.connectionPk(connectionId),
          ...(subscriptionsOnly ? { ':sub': SUBSCRIPTION_SK_PREFIX } : {}),
        },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The stored topics this connection is subscribed to. */
export async function subscribedTopics(connectionId: string): Promise<ReadonlySet<string>> {
  return new Set((await itemsOf(connectionId, true)).map((item) => String(item.topic)));
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: ConnectionsKey } };

const batchWrite = (requests: readonly WriteRequest[]) => batchWriteAll(connectionsTableName(), requests);

/** Stores subscriptions that expire with their connection. */
export async function subscribe(connection: ConnectionItem, subscriptions: readonly Subscription[]): Promise<void> {
  await batchWrite(
    subscriptions.map(({ topic, clientTopic }) => ({
      PutRequest: {
        Item: {
          ...wsKeys.subscription(connection.connectionId, topic),
          connectionId: connection.connectionId,
          topic,
          clientTopic,
          expiresAtEpochSeconds: connection.expiresAtEpochSeconds,
        },
      },
    })),
  );
}

export async function unsubscribe(connectionId: string, topics: readonly string[]): Promise<void> {
  await batchWrite(topics.map((topic) => ({ DeleteRequest: { Key: wsKeys.subscription(connectionId, topic) } })));
}

/** Removes the connection and all its subscriptions (one partition, one query). */
export async function deleteConnection(connectionId: string): Promise<void> {
  const items = await itemsOf(connectionId, false);
  await batchWrite(items.map((item) => ({ DeleteRequest: { Key: { pk: String(item.pk), sk: String(item.sk) } } })));
}

/** Live subscribers of a topic; expired ones are skipped (DynamoDB TTL deletes lazily, up to days later). */
export async function subscribersOf(topic: string, now = new Date()): Promise<Subscriber[]> {
  const nowSeconds = epochSeconds(now);
  const subscribers: Subscriber[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: connectionsTableName(),
        IndexName: BY_TOPIC_INDEX,
        KeyConditionExpression: 'topic = :t',
        ExpressionAttributeValues: { ':t': topic },
        ExclusiveStartKey: startKey,
      }),
    );
    subscribers.push(...((page.Items ?? []) as Subscriber[]).filter((s) => s.expiresAtEpochSeconds > nowSeconds));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return subscribers;
}
