import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { documentClient } from '../../../shared/dynamo/client';
import { type ConnectionItem, subscribe } from '../../../shared/ws/connections';
import { wsKeys } from '../../../shared/ws/keys';

process.env.TABLE_CONNECTIONS ??= 'connections';

const connection: ConnectionItem = {
  connectionId: 'c1',
  userId: 'alice',
  roles: ['user'],
  connectedAt: '2026-11-22T10:00:00.000Z',
  expiresAtEpochSeconds: 1_800_000_000,
};

/** A hand-written DynamoDB document client: records what is sent, answers with `answer`. */
function fakeClient(answer: (command: unknown) => unknown = () => ({})) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      const result = answer(command);
      if (result instanceof Error) throw result;
      return result;
    },
  } as unknown as typeof documentClient;
  return { client, sent };
}

const connectionGone = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
  });

describe('storing subscriptions', () => {
  it('writes them in one transaction with a check that the connection still exists', async () => {
    const { client, sent } = fakeClient();
    const stored = await subscribe(
      connection,
      [
        { topic: 'account:a1', clientTopic: 'account:a1' },
        { topic: 'user:alice', clientTopic: 'user:me' },
      ],
      client,
    );
    expect(stored).toBe(true);
    expect(sent).toHaveLength(1);
    const [command] = sent;
    expect(command).toBeInstanceOf(TransactWriteCommand);
    const items = (command as TransactWriteCommand).input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.Item?.sk ?? 'check')).toEqual(['SUB#account:a1', 'SUB#user:me', 'check']);
    expect(items[1]?.Put?.Item).toMatchObject({ topic: 'user:alice', clientTopic: 'user:me', expiresAtEpochSeconds: 1_800_000_000 });
    expect(items[2]?.ConditionCheck).toMatchObject({ Key: wsKeys.connection('c1'), ConditionExpression: 'attribute_exists(pk)' });
  });

  it('reports the connection gone and leaves nothing behind when it was deleted meanwhile', async () => {
    const { client, sent } = fakeClient(connectionGone);
    const stored = await subscribe(
      connection,
      [
        { topic: 'account:a1', clientTopic: 'account:a1' },
        { topic: 'user:alice', clientTopic: 'user:me' },
      ],
      client,
    );
    expect(stored).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('sends nothing when there is nothing to store', async () => {
    const { client, sent } = fakeClient();
    expect(await subscribe(connection, [], client)).toBe(true);
    expect(sent).toEqual([]);
  });
});
