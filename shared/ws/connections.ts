/**
 * WebSocket connections and their topic subscriptions (the `connections` table).
 * A connection item stores who connected (API Gateway passes the authorizer context
 * reliably only on $connect); subscription items are indexed by topic (GSI `byTopic`)
 * so fan-out finds subscribers with a query, never a scan. Everything carries a TTL
 * equal to API Gateway's 2-hour connection limit.
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { connectionsTableName, documentClient } from '../dynamo/client';
import type { Role } from '../http/caller';

/** API Gateway WebSocket connections live at most 2 hours. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;
/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_LIMIT = 25;

export const connectionKey = (connectionId: string) => ({ pk: `CONN#${connectionId}`, sk: 'CONN' });
export const subscriptionKey = (connectionId: string, topic: string) => ({ pk: `CONN#${connectionId}`, sk: `SUB#${topic}` });

export interface ConnectionItem {
  readonly connectionId: string;
  readonly userId: string;
  readonly roles: Role[];
  readonly connectedAt: string;
  readonly expiresAtEpochSeconds: number;
}

export interface Subscriber {
  readonly connectionId: string;
  readonly topic: string;
  /** The topic as the client wrote it (`user:me` for `user:<own id>`). */
  readonly clientTopic: string;
  readonly expiresAtEpochSeconds: number;
}

const expiry = (now: Date) => Math.floor(now.getTime() / 1000) + CONNECTION_TTL_SECONDS;

export async function saveConnection(connectionId: string, userId: string, roles: Role[], now = new Date()): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: connectionsTableName(),
      Item: {
        ...connectionKey(connectionId),
        connectionId,
        userId,
        roles,
        connectedAt: now.toISOString(),
        expiresAtEpochSeconds: expiry(now),
      },
    }),
  );
}

export async function getConnection(connectionId: string): Promise<ConnectionItem | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: connectionsTableName(), Key: connectionKey(connectionId) }));
  return Item as ConnectionItem | undefined;
}

export async function countSubscriptions(connectionId: string): Promise<number> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: connectionsTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
      ExpressionAttributeValues: { ':pk': connectionKey(connectionId).pk, ':sub': 'SUB#' },
      Select: 'COUNT',
    }),
  );
  return result.Count ?? 0;
}

export async function subscribe(connectionId: string, topic: string, clientTopic: string, now = new Date()): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: connectionsTableName(),
      Item: { ...subscriptionKey(connectionId, topic), connectionId, topic, clientTopic, expiresAtEpochSeconds: expiry(now) },
    }),
  );
}

export async function unsubscribe(connectionId: string, topic: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: connectionsTableName(), Key: subscriptionKey(connectionId, topic) }));
}

/** Removes the connection and all its subscriptions. */
export async function deleteConnection(connectionId: string): Promise<void> {
  const table = connectionsTableName();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': connectionKey(connectionId).pk },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: startKey,
      }),
    );
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
      await documentClient.send(
        new BatchWriteCommand({
          RequestItems: { [table]: items.slice(i, i + BATCH_WRITE_LIMIT).map((key) => ({ DeleteRequest: { Key: key } })) },
        }),
      );
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Live subscribers of a topic (expired items are skipped: DynamoDB TTL deletes lazily). */
export async function subscribersOf(topic: string, now = new Date()): Promise<Subscriber[]> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const subscribers: Subscriber[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: connectionsTableName(),
        IndexName: 'byTopic',
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
