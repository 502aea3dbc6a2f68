/**
 * Key formats of the `connections` table (the main table's live in shared/dynamo/keys.ts).
 * A connection and its subscriptions share one partition, so `$disconnect` finds
 * everything to delete with a single query; subscriptions carry `topic` and
 * `connectionId`, the keys of the sparse `byTopic` index fan-out queries.
 */
export const CONNECTION_PK_PREFIX = 'CONN#';
export const SUBSCRIPTION_SK_PREFIX = 'SUB#';
export const BY_TOPIC_INDEX = 'byTopic';
/**
 * One counter item per stored topic holds the `seq` of its last push. It carries no `topic`
 * attribute, so the sparse `byTopic` index never lists it as a subscriber.
 */
export const TOPIC_SEQ_PK_PREFIX = 'TOPIC#';
const TOPIC_SEQ_SK = 'SEQ';

export interface ConnectionsKey {
  readonly pk: string;
  readonly sk: string;
}

export const wsKeys = {
  connectionPk: (connectionId: string): string => `${CONNECTION_PK_PREFIX}${connectionId}`,
  connection: (connectionId: string): ConnectionsKey => ({ pk: `${CONNECTION_PK_PREFIX}${connectionId}`, sk: 'CONN' }),
  /**
   * Keyed by the topic as the client spelled it: `user:me` and `user:<own id>` are two
   * subscriptions of one stored topic, and each push echoes the spelling it was asked for.
   */
  subscription: (connectionId: string, clientTopic: string): ConnectionsKey => ({
    pk: `${CONNECTION_PK_PREFIX}${connectionId}`,
    sk: `${SUBSCRIPTION_SK_PREFIX}${clientTopic}`,
  }),
  /** The push counter of a stored topic (`user:<id>`, never `user:me`): every spelling shares it. */
  topicSeq: (topic: string): ConnectionsKey => ({ pk: `${TOPIC_SEQ_PK_PREFIX}${topic}`, sk: TOPIC_SEQ_SK }),
};
