/**
 * WebSocket connections and their topic subscriptions (the `connections` table).
 * A connection item stores who connected, because API Gateway passes the authorizer
 * context reliably only on $connect; subscription items are indexed by topic (GSI
 * `byTopic`) so fan-out finds subscribers with a query, never a scan. Subscriptions
 * expire with their connection (API Gateway's 2-hour limit), so a stale one is
 * recognisable even before DynamoDB TTL gets round to deleting it, and they are written
 * only while the connection item exists, so none outlives a `$disconnect`.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../auth/caller';
import { batchWriteAll } from '../dynamo/batch-write';
import { connectionsTableName, documentClient } from '../dynamo/client';
import { MAX_TRANSACT_ITEMS, type TransactItem, transactWrite } from '../dynamo/transact';
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

/** The subscription items of one connection (its partition, less the connection item). */
async function subscriptionItemsOf(connectionId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: connectionsTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
        ExpressionAttributeValues: { ':pk': wsKeys.connectionPk(connectionId), ':sub': SUBSCRIPTION_SK_PREFIX },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The topics this connection is subscribed to, as the client spelled them. */
export async function subscribedClientTopics(connectionId: string): Promise<ReadonlySet<string>> {
  return new Set((await subscriptionItemsOf(connectionId)).map((item) => String(item.clientTopic)));
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: ConnectionsKey } };

const batchWrite = (requests: readonly WriteRequest[]) => batchWriteAll(connectionsTableName(), requests);

/**
 * Stores subscriptions that expire with their connection, in one transaction with a check
 * that the connection item still exists: a client that closes right after `subscribe` has
 * its connection deleted by `$disconnect`, and rows written after that would be pushed to
 * (and answer 410) until they expire. One transaction, not chunks: chunks are not atomic
 * together, so a later one failing would leave the earlier ones behind. A message holds at
 * most MAX_TOPICS_PER_MESSAGE topics, well within the limit.
 *
 * Returns false, having stored nothing, when the connection is gone.
 */
export async function subscribe(
  connection: ConnectionItem,
  subscriptions: readonly Subscription[],
  client: typeof documentClient = documentClient,
): Promise<boolean> {
  if (subscriptions.length === 0) return true;
  if (subscriptions.length >= MAX_TRANSACT_ITEMS) {
    throw new Error(`Invariant: at most ${MAX_TRANSACT_ITEMS - 1} subscriptions are stored at once, got ${subscriptions.length}`);
  }
  const TableName = connectionsTableName();
  const puts: TransactItem[] = subscriptions.map(({ topic, clientTopic }) => ({
    Put: {
      TableName,
      Item: {
        ...wsKeys.subscription(connection.connectionId, clientTopic),
        connectionId: connection.connectionId,
        topic,
        clientTopic,
        expiresAtEpochSeconds: connection.expiresAtEpochSeconds,
      },
    },
  }));
  const isConnected: TransactItem = {
    ConditionCheck: { TableName, Key: wsKeys.connection(connection.connectionId), ConditionExpression: 'attribute_exists(pk)' },
  };
  const outcome = await transactWrite([...puts, isConnected], { client });
  if (outcome.ok) return true;
  if (outcome.cancelled.some((c) => c.index === puts.length && c.code === 'ConditionalCheckFailed')) return false;
  throw new Error(`Storing subscriptions was cancelled: ${outcome.cancelled.map((c) => c.code).join(', ')}`);
}

/** Deletes the subscriptions spelled so by the client; one never made is no error. */
export async function unsubscribe(connectionId: string, clientTopics: readonly string[]): Promise<void> {
  await batchWrite(clientTopics.map((clientTopic) => ({ DeleteRequest: { Key: wsKeys.subscription(connectionId, clientTopic) } })));
}

/**
 * Removes the connection and all its subscriptions (one partition, one query). The
 * connection item goes first: from then on `subscribe`'s check fails, so the query that
 * follows sees every subscription this connection will ever have.
 */
export async function deleteConnection(connectionId: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: connectionsTableName(), Key: wsKeys.connection(connectionId) }));
  const subscriptions = await subscriptionItemsOf(connectionId);
  await batchWrite(subscriptions.map((item) => ({ DeleteRequest: { Key: { pk: String(item.pk), sk: String(item.sk) } } })));
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

/**
 * The next push number of a stored topic: one atomic `ADD` on the topic's counter item, so
 * concurrent fan-outs never hand out the same number and every number is handed out once.
 * A client that sees a number skipped knows it missed a push and re-reads.
 */
export async function nextSeq(topic: string): Promise<number> {
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: connectionsTableName(),
      Key: wsKeys.topicSeq(topic),
      UpdateExpression: 'ADD seq :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const seq = Attributes?.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
    throw new Error(`Invariant: a topic's seq is a positive integer, got ${String(seq)}`);
  return seq;
}
