import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';
import { openSocket } from '../support/ws-client';

const runtime = useLocalRuntime();

const isEvent = (type: string, transferId: string) => (m: Record<string, unknown>) =>
  m.type === 'event' &&
  (m.event as { type: string; data: { transferId: string } }).type === type &&
  (m.event as { data: { transferId: string } }).data.transferId === transferId;

async function funded(client: EvenlyClient, amount: string) {
  const account = await client.createAccount({ currency: 'EUR' });
  await client.settled(await client.deposit(account.id, amount));
  return account;
}

describe('WebSocket live updates', () => {
  it('answers ping with pong', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'ping' });
    await socket.waitFor((m) => m.type === 'pong');
    await socket.close();
  });

  it('pushes a completed deposit to a subscriber of the account', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'subscribe', topics: [`account:${account.id}`, 'user:me'] });
    expect(await socket.waitFor((m) => m.type === 'subscribed')).toEqual({
      type: 'subscribed',
      topics: [`account:${account.id}`, 'user:me'],
    });
    const deposit = await client.deposit(account.id, '9.99');
    const push = await socket.waitFor(isEvent('TransferCompleted', deposit.id));
    expect(push).toMatchObject({
      type: 'event',
      topic: `account:${account.id}`,
      event: {
        id: expect.any(String),
        type: 'TransferCompleted',
        occurredAt: expect.any(String),
        data: { transferId: deposit.id, amount: '9.99' },
      },
    });
    await socket.waitFor((m) => m.type === 'event' && m.topic === 'user:me');
    await socket.close();
  });

  it('tells the receiver of a transfer', async () => {
    const { client: alice } = await signUp(runtime().httpUrl);
    const { client: bob, session: bobSession } = await signUp(runtime().httpUrl);
    const from = await funded(alice, '20.00');
    const to = await bob.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, bobSession.accessToken);
    socket.send({ action: 'subscribe', topics: [`account:${to.id}`] });
    await socket.waitFor((m) => m.type === 'subscribed');
    const transfer = await alice.transfer({ fromAccountId: from.id, toAccountId: to.id, amount: '5.00', currency: 'EUR' });
    await socket.waitFor(isEvent('TransferCompleted', transfer.id));
    await socket.close();
  });

  it('pushes a failed transfer as failed', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'subscribe', topics: [`account:${account.id}`] });
    await socket.waitFor((m) => m.type === 'subscribed');
    const withdrawal = await client.withdraw(account.id, '1.00');
    const push = await socket.waitFor(isEvent('TransferFailed', withdrawal.id));
    expect((push.event as { data: { failureReason: string } }).data.failureReason).toBe('INSUFFICIENT_FUNDS');
    await socket.close();
  });

  it('refuses a topic the user may not see with 403 and delivers nothing from it', async () => {
    const { client: alice } = await signUp(runtime().httpUrl);
    const { session: eve } = await signUp(runtime().httpUrl);
    const account = await alice.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, eve.accessToken);
    socket.send({ action: 'subscribe', topics: [`account:${account.id}`, 'account:does-not-exist'] });
    expect(await socket.waitFor((m) => m.type === 'error' && m.topic === `account:${account.id}`)).toEqual({
      type: 'error',
      status: 403,
      topic: `account:${account.id}`,
    });
    expect(await socket.waitFor((m) => m.type === 'subscribed')).toEqual({ type: 'subscribed', topics: [] });
    const deposit = await alice.deposit(account.id, '1.00');
    await alice.settled(deposit);
    // A bounded wait for anything further: the outcome was published, and nothing may arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(socket.messages.filter((m) => m.type === 'event')).toEqual([]);
    await socket.close();
  });

  it('stops delivery after unsubscribe', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'subscribe', topics: [`account:${account.id}`] });
    await socket.waitFor((m) => m.type === 'subscribed');
    socket.send({ action: 'unsubscribe', topics: [`account:${account.id}`] });
    expect(await socket.waitFor((m) => m.type === 'unsubscribed')).toMatchObject({ topics: [`account:${account.id}`] });
    await client.settled(await client.deposit(account.id, '1.00'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(socket.messages.filter((m) => m.type === 'event')).toEqual([]);
    await socket.close();
  });

  it('removes a disconnected client’s connection and subscriptions', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().dynamoEndpoint }));
    const itemsOfUser = async () => {
      const { Items } = await db.send(new ScanCommand({ TableName: runtime().tables.connections, ConsistentRead: true }));
      const connectionIds = new Set((Items ?? []).filter((i) => i.userId === session.user.id).map((i) => i.connectionId));
      return (Items ?? []).filter((i) => connectionIds.has(i.connectionId)).length;
    };
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'subscribe', topics: [`account:${account.id}`] });
    await socket.waitFor((m) => m.type === 'subscribed');
    expect(await itemsOfUser()).toBe(2);
    await socket.close();
    const deadline = Date.now() + 5_000;
    while ((await itemsOfUser()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const { Items } = await db.send(new ScanCommand({ TableName: runtime().tables.connections, ConsistentRead: true }));
    expect((Items ?? []).filter((i) => i.userId === session.user.id || i.topic === `account:${account.id}`)).toEqual([]);
  });

  it('answers an unknown action and non-JSON with a 400 error', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'dance' });
    expect(await socket.waitFor((m) => m.type === 'error')).toMatchObject({ status: 400 });
    await socket.close();
  });
});
