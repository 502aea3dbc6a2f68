import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebSocket } from '../../infra/local/ws';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { BY_TOPIC_INDEX, wsKeys } from '../../shared/ws/keys';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';
import { openSocket, type TestSocket } from '../support/ws-client';

const runtime = useLocalRuntime();
/** Every wait in this file is bounded; nothing is asserted by sleeping. */
const WAIT_MS = 10_000;

let dbClient: DynamoDBDocumentClient | undefined;
const db = () => {
  dbClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().dynamoEndpoint }));
  return dbClient;
};
afterAll(() => dbClient?.destroy());

type Message = Record<string, unknown>;
interface PushedEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

const isPush = (type: string, transferId: string) => (m: Message) =>
  m.type === 'event' && (m.event as PushedEvent).type === type && (m.event as PushedEvent).data.transferId === transferId;

async function subscribed(socket: TestSocket, topics: string[]): Promise<Message> {
  socket.send({ action: 'subscribe', topics });
  return socket.waitFor((m) => m.type === 'subscribed', WAIT_MS);
}

/** A round trip on the socket: whatever the server posted to it before the pong has arrived. */
async function drained(socket: TestSocket): Promise<void> {
  const pongs = socket.messages.filter((m) => m.type === 'pong').length;
  socket.send({ action: 'ping' });
  await eventually(() => socket.messages.filter((m) => m.type === 'pong').length > pongs, 'a pong');
}

async function subscribersOfTopic(topic: string): Promise<Record<string, unknown>[]> {
  const { Items } = await db().send(
    new QueryCommand({
      TableName: runtime().tables.connections,
      IndexName: BY_TOPIC_INDEX,
      KeyConditionExpression: 'topic = :t',
      ExpressionAttributeValues: { ':t': topic },
    }),
  );
  return Items ?? [];
}

async function itemsOfConnection(connectionId: string): Promise<number> {
  const { Items } = await db().send(
    new QueryCommand({
      TableName: runtime().tables.connections,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': wsKeys.connectionPk(connectionId) },
      ConsistentRead: true,
    }),
  );
  return Items?.length ?? 0;
}

/** A bare socket (no helper) for what the helper hides: close codes, closing at once. */
async function rawSocket(wsUrl: string, token: string): Promise<WebSocket> {
  const raw = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
  await once(raw, 'open');
  return raw;
}

/** The connection items of one user (a scan: the connections table has no index by user; test tables are small). */
async function connectionsOfUser(userId: string): Promise<Record<string, unknown>[]> {
  const { Items } = await db().send(
    new ScanCommand({
      TableName: runtime().tables.connections,
      FilterExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': userId },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

async function funded(client: EvenlyClient, amount: string) {
  const account = await client.createAccount({ currency: 'EUR' });
  await client.settled(await client.deposit(account.id, amount));
  return account;
}

describe('WebSocket connections', () => {
  it('refuses a connection with a bad or missing token', async () => {
    await expect(openSocket(runtime().wsUrl, 'not-a-token')).rejects.toThrow();
    const bare = new WebSocket(runtime().wsUrl);
    await expect(once(bare, 'open')).rejects.toThrow();
  });

  it('answers ping with pong', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'ping' });
    expect(await socket.waitFor((m) => m.type === 'pong', WAIT_MS)).toEqual({ type: 'pong' });
    await socket.close();
  });

  it('answers an unknown action and a non-JSON message with a 400 error', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const raw = new WebSocket(`${runtime().wsUrl}?token=${encodeURIComponent(session.accessToken)}`);
    const replies: Message[] = [];
    raw.on('message', (data) => replies.push(JSON.parse(data.toString()) as Message));
    await once(raw, 'open');
    raw.send(JSON.stringify({ action: 'dance' }));
    raw.send('this is not json');
    await eventually(async () => replies.length >= 2, 'two replies');
    expect(replies).toEqual([
      { type: 'error', status: 400, detail: expect.any(String) },
      { type: 'error', status: 400, detail: expect.any(String) },
    ]);
    raw.close();
  });

  it('closes a connection that sends a message over 128 KB with 1009, as API Gateway does, and keeps serving others', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const raw = new WebSocket(`${runtime().wsUrl}?token=${encodeURIComponent(session.accessToken)}`);
    await once(raw, 'open');
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    raw.send(JSON.stringify({ action: 'ping', padding: 'x'.repeat(128 * 1024) }));
    expect(await closed).toBe(1009);
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'ping' });
    expect(await socket.waitFor((m) => m.type === 'pong', WAIT_MS)).toEqual({ type: 'pong' });
    await socket.close();
  });

  it('keeps serving when a client resets its connection in the middle of the handshake', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const { port } = new URL(runtime().wsUrl);
    for (const [token, delayMs] of [session.accessToken, 'not-a-token'].flatMap((t) => [0, 5, 20].map((d) => [t, d] as const))) {
      const raw = connect({ host: '127.0.0.1', port: Number(port) });
      await once(raw, 'connect');
      raw.write(
        `GET /?token=${encodeURIComponent(token)} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      raw.resetAndDestroy(); // RST while the authorizer or $connect is still running
    }
    // Every reset handshake has ended on the server: none of those connections is left open.
    await eventually(() => runtime().wsConnectionCount() === 0, 'the reset handshakes ended');
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'ping' });
    expect(await socket.waitFor((m) => m.type === 'pong', WAIT_MS)).toEqual({ type: 'pong' });
    await socket.close();
  });

  it('removes a disconnected client’s connection and subscriptions', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const topic = `account:${account.id}`;
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    await subscribed(socket, [topic]);
    const [subscription] = await subscribersOfTopic(topic);
    const connectionId = String(subscription?.connectionId);
    expect(await itemsOfConnection(connectionId)).toBe(2);
    await socket.close();
    await eventually(async () => (await itemsOfConnection(connectionId)) === 0, 'the connection items are deleted');
    expect(await subscribersOfTopic(topic)).toEqual([]);
  });

  it('stores no subscription for a client that closes right after subscribing', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const topic = `account:${account.id}`;
    const RACING_CLIENTS = 5;
    await Promise.all(
      Array.from({ length: RACING_CLIENTS }, async () => {
        const raw = await rawSocket(runtime().wsUrl, session.accessToken);
        const closed = new Promise((resolve) => raw.once('close', resolve));
        raw.send(JSON.stringify({ action: 'subscribe', topics: [topic, 'user:me'] }));
        raw.close();
        await closed;
      }),
    );
    // Someone else's push goes through the whole pipeline: by then the racers' subscribe handlers have long run.
    // (Not a push on the racers' own topics: a post to a gone connection would clean up after the bug.)
    const { client: other, session: otherSession } = await signUp(runtime().httpUrl, 'Bob');
    const otherAccount = await other.createAccount({ currency: 'EUR' });
    const witness = await openSocket(runtime().wsUrl, otherSession.accessToken);
    await subscribed(witness, [`account:${otherAccount.id}`]);
    const deposit = await other.deposit(otherAccount.id, '1.00');
    await witness.waitFor(isPush('TransferCompleted', deposit.id), WAIT_MS);
    await eventually(async () => (await connectionsOfUser(session.user.id)).length === 0, 'the racers are disconnected');
    expect(await subscribersOfTopic(topic)).toEqual([]);
    expect(await subscribersOfTopic(`user:${session.user.id}`)).toEqual([]);
    await witness.close();
  });
});

describe('the local WebSocket runtime closes connections at API Gateway’s limits', () => {
  const LIMIT_TEST_TIMEOUT_MS = 20_000;

  it(
    'closes an idle connection with 1001 and forgets it',
    async () => {
      const ws = await startWebSocket({ port: 0, limits: { idleTimeoutMs: 500 } });
      try {
        const { session } = await signUp(runtime().httpUrl);
        const raw = await rawSocket(ws.url, session.accessToken);
        expect(await new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)))).toBe(1001);
        await eventually(async () => (await connectionsOfUser(session.user.id)).length === 0, '$disconnect removed the connection');
      } finally {
        await ws.stop();
      }
    },
    LIMIT_TEST_TIMEOUT_MS,
  );

  it(
    'keeps a connection that is active past the idle limit, and closes it at the maximum duration',
    async () => {
      const IDLE_MS = 600;
      const MAX_DURATION_MS = 2_000;
      const ws = await startWebSocket({ port: 0, limits: { idleTimeoutMs: IDLE_MS, maxConnectionDurationMs: MAX_DURATION_MS } });
      try {
        const { session } = await signUp(runtime().httpUrl);
        const openedAt = Date.now();
        const raw = await rawSocket(ws.url, session.accessToken);
        const pinger = setInterval(() => raw.send(JSON.stringify({ action: 'ping' })), IDLE_MS / 3);
        const code = await new Promise<number>((resolve) => raw.once('close', (c) => resolve(c)));
        clearInterval(pinger);
        expect(code).toBe(1001);
        expect(Date.now() - openedAt).toBeGreaterThanOrEqual(MAX_DURATION_MS);
        await eventually(async () => (await connectionsOfUser(session.user.id)).length === 0, '$disconnect removed the connection');
      } finally {
        await ws.stop();
      }
    },
    LIMIT_TEST_TIMEOUT_MS,
  );
});

describe('WebSocket live updates', () => {
  it('pushes a completed deposit to a subscriber of the account and of user:me', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    expect(await subscribed(socket, [`account:${account.id}`, 'user:me'])).toEqual({
      type: 'subscribed',
      topics: [`account:${account.id}`, 'user:me'],
    });
    const deposit = await client.deposit(account.id, '9.99');
    const push = await socket.waitFor((m) => isPush('TransferCompleted', deposit.id)(m) && m.topic === `account:${account.id}`, WAIT_MS);
    expect(push).toEqual({
      type: 'event',
      topic: `account:${account.id}`,
      seq: 1,
      event: {
        id: expect.any(String),
        type: 'TransferCompleted',
        occurredAt: expect.any(String),
        data: expect.objectContaining({ transferId: deposit.id, amount: '9.99' }),
      },
    });
    expect((push.event as PushedEvent).data).not.toHaveProperty('topics');
    await socket.waitFor((m) => isPush('TransferCompleted', deposit.id)(m) && m.topic === 'user:me', WAIT_MS);
    await socket.close();
  });

  it('tells the receiver of a transfer', async () => {
    const { client: alice } = await signUp(runtime().httpUrl);
    const { client: bob, session: bobSession } = await signUp(runtime().httpUrl, 'Bob');
    const from = await funded(alice, '20.00');
    const to = await bob.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, bobSession.accessToken);
    await subscribed(socket, [`account:${to.id}`]);
    const transfer = await alice.transfer({ fromAccountId: from.id, toAccountId: to.id, amount: '5.00', currency: 'EUR' });
    const push = await socket.waitFor(isPush('TransferCompleted', transfer.id), WAIT_MS);
    expect(push).toMatchObject({ topic: `account:${to.id}`, event: { data: { toAccountId: to.id, amount: '5.00' } } });
    await socket.close();
  });

  it('numbers the pushes of a topic 1, 2, 3 for every subscriber, user:me and user:<id> sharing one count', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const first = await openSocket(runtime().wsUrl, session.accessToken);
    const second = await openSocket(runtime().wsUrl, session.accessToken);
    await subscribed(first, [`account:${account.id}`, 'user:me']);
    await subscribed(second, [`account:${account.id}`, `user:${session.user.id}`]);
    const deposits = [];
    for (const amount of ['1.00', '2.00', '3.00']) {
      const deposit = await client.deposit(account.id, amount);
      deposits.push(deposit);
      for (const socket of [first, second]) await socket.waitFor(isPush('TransferCompleted', deposit.id), WAIT_MS);
    }
    await Promise.all([first, second].map((socket) => drained(socket)));
    const seqsOn = (socket: TestSocket, topic: string) =>
      socket.messages.filter((m) => m.type === 'event' && m.topic === topic).map((m) => m.seq);
    expect(seqsOn(first, `account:${account.id}`)).toEqual([1, 2, 3]);
    expect(seqsOn(second, `account:${account.id}`)).toEqual([1, 2, 3]);
    expect(seqsOn(first, 'user:me')).toEqual([1, 2, 3]);
    expect(seqsOn(second, `user:${session.user.id}`)).toEqual([1, 2, 3]);
    await Promise.all([first.close(), second.close()]);
  });

  it('pushes a failed transfer as failed, with its reason', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const { client: bob } = await signUp(runtime().httpUrl, 'Bob');
    const from = await client.createAccount({ currency: 'EUR' });
    const to = await bob.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    await subscribed(socket, [`account:${from.id}`]);
    const transfer = await client.transfer({ fromAccountId: from.id, toAccountId: to.id, amount: '1.00', currency: 'EUR' });
    const push = await socket.waitFor(isPush('TransferFailed', transfer.id), WAIT_MS);
    expect((push.event as PushedEvent).data).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    await socket.close();
  });

  it('refuses a topic the user may not see with 403, stores nothing for it and delivers nothing from it', async () => {
    const { client: alice, session: aliceSession } = await signUp(runtime().httpUrl);
    const { session: eveSession } = await signUp(runtime().httpUrl, 'Eve');
    const account = await alice.createAccount({ currency: 'EUR' });
    const topic = `account:${account.id}`;
    const owner = await openSocket(runtime().wsUrl, aliceSession.accessToken);
    await subscribed(owner, [topic]);
    const eve = await openSocket(runtime().wsUrl, eveSession.accessToken);
    eve.send({ action: 'subscribe', topics: [topic, 'account:does-not-exist'] });
    expect(await eve.waitFor((m) => m.type === 'subscribed', WAIT_MS)).toEqual({ type: 'subscribed', topics: [] });
    expect(eve.messages.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', status: 403, topic },
      { type: 'error', status: 403, topic: 'account:does-not-exist' },
    ]);
    expect(await subscribersOfTopic(topic)).toHaveLength(1);
    // The owner's push proves the outcome was fanned out; the ping round trip flushes Eve's socket.
    const deposit = await alice.deposit(account.id, '1.00');
    await owner.waitFor(isPush('TransferCompleted', deposit.id), WAIT_MS);
    await drained(eve);
    expect(eve.messages.filter((m) => m.type === 'event')).toEqual([]);
    await Promise.all([owner.close(), eve.close()]);
  });

  it('refuses an over-long or empty topic on its own and still subscribes the others', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const topic = `account:${account.id}`;
    const tooLong = `account:${'x'.repeat(300)}`;
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'subscribe', topics: [topic, 'user:me', tooLong, ''] });
    expect(await socket.waitFor((m) => m.type === 'subscribed', WAIT_MS)).toEqual({ type: 'subscribed', topics: [topic, 'user:me'] });
    expect(socket.messages.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', status: 403, topic: tooLong },
      { type: 'error', status: 403, topic: '' },
    ]);
    const deposit = await client.deposit(account.id, '1.00');
    await socket.waitFor((m) => isPush('TransferCompleted', deposit.id)(m) && m.topic === topic, WAIT_MS);
    await socket.close();
  });

  it('answers a subscribe message with too many topics with one 400 and subscribes nothing', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const topic = `account:${account.id}`;
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    socket.send({ action: 'subscribe', topics: [topic, ...Array.from({ length: 50 }, (_, i) => `account:other-${i}`)] });
    expect(await socket.waitFor((m) => m.type === 'error', WAIT_MS)).toEqual({ type: 'error', status: 400, detail: expect.any(String) });
    await drained(socket);
    expect(socket.messages.filter((m) => m.type !== 'pong')).toHaveLength(1);
    expect(await subscribersOfTopic(topic)).toEqual([]);
    await socket.close();
  });

  it('pushes under each spelling the client subscribed with, user:me and user:<own id> alike', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const byId = `user:${session.user.id}`;
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    expect(await subscribed(socket, ['user:me'])).toEqual({ type: 'subscribed', topics: ['user:me'] });
    socket.send({ action: 'subscribe', topics: [byId] });
    await socket.waitFor((m) => m.type === 'subscribed' && (m.topics as string[]).includes(byId), WAIT_MS);
    const first = await client.deposit(account.id, '1.00');
    await socket.waitFor((m) => isPush('TransferCompleted', first.id)(m) && m.topic === 'user:me', WAIT_MS);
    await socket.waitFor((m) => isPush('TransferCompleted', first.id)(m) && m.topic === byId, WAIT_MS);

    socket.send({ action: 'unsubscribe', topics: [byId] });
    await socket.waitFor((m) => m.type === 'unsubscribed', WAIT_MS);
    const second = await client.deposit(account.id, '2.00');
    await socket.waitFor((m) => isPush('TransferCompleted', second.id)(m) && m.topic === 'user:me', WAIT_MS);
    await drained(socket);
    expect(socket.messages.filter((m) => isPush('TransferCompleted', second.id)(m)).map((m) => m.topic)).toEqual(['user:me']);
    await socket.close();
  });

  it('tells neither the receiver nor other members about a failed settlement transfer, only that the settlement failed', async () => {
    const { client: ann, session: annSession } = await signUp(runtime().httpUrl, 'Ann');
    const { client: ben, session: benSession } = await signUp(runtime().httpUrl, 'Ben');
    const { session: catSession } = await signUp(runtime().httpUrl, 'Cat');
    const group = await ann.createGroup({ name: 'Trip', currency: 'EUR' });
    await ann.addMember(group.id, benSession.user.email);
    await ann.addMember(group.id, catSession.user.email);
    // Ben owes Ann 5.00: a settlement of more would be refused.
    const split = { type: 'exact' as const, participants: [{ userId: benSession.user.id, amount: '5.00' }] };
    const taxi = await ann.addExpense(group.id, { description: 'Taxi', amount: '5.00', paidBy: annSession.user.id, split });
    await ann.expenseSettled(group.id, taxi);
    const benWallet = await ben.createAccount({ currency: 'EUR' });
    const annWallet = await ann.createAccount({ currency: 'EUR' });
    const cat = await openSocket(runtime().wsUrl, catSession.accessToken);
    await subscribed(cat, [`group:${group.id}`, 'user:me']);
    const annSocket = await openSocket(runtime().wsUrl, annSession.accessToken);
    await subscribed(annSocket, ['user:me']);

    const settlement = await ben.settle(group.id, {
      toUserId: annSession.user.id,
      amount: '5.00',
      fromAccountId: benWallet.id,
      toAccountId: annWallet.id,
    });
    // A failed transfer never reached the receiver: Ann, like Cat, learns only that the settlement failed.
    await cat.waitFor((m) => m.type === 'event' && (m.event as PushedEvent).type === 'SettlementFailed', WAIT_MS);
    await annSocket.waitFor((m) => m.type === 'event' && (m.event as PushedEvent).type === 'SettlementFailed', WAIT_MS);
    await Promise.all([drained(cat), drained(annSocket)]);
    const typesOf = (socket: typeof cat) => socket.messages.filter((m) => m.type === 'event').map((m) => (m.event as PushedEvent).type);
    // The group's activity feed item says so too; the transfer itself is never pushed to either.
    expect(typesOf(cat).sort()).toEqual(['GroupActivity', 'SettlementFailed']);
    expect(typesOf(annSocket)).toContain('SettlementFailed');
    expect(typesOf(annSocket)).not.toContain('TransferFailed');
    expect(settlement.transferId).toBeDefined();
    await Promise.all([cat.close(), annSocket.close()]);
  });

  it('stops delivery after unsubscribe', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const topic = `account:${account.id}`;
    const witness = await openSocket(runtime().wsUrl, session.accessToken);
    await subscribed(witness, [topic]);
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    await subscribed(socket, [topic]);
    socket.send({ action: 'unsubscribe', topics: [topic] });
    expect(await socket.waitFor((m) => m.type === 'unsubscribed', WAIT_MS)).toEqual({ type: 'unsubscribed', topics: [topic] });
    const deposit = await client.deposit(account.id, '1.00');
    await witness.waitFor(isPush('TransferCompleted', deposit.id), WAIT_MS);
    await drained(socket);
    expect(socket.messages.filter((m) => m.type === 'event')).toEqual([]);
    await Promise.all([witness.close(), socket.close()]);
  });

  it('deletes a subscriber whose connection is gone (410) and still delivers to the others', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const topic = `account:${account.id}`;
    // A subscription left behind by a client that vanished without $disconnect.
    const goneId = `gone${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const expiresAtEpochSeconds = Math.floor(Date.now() / 1000) + 3600;
    const table = runtime().tables.connections;
    await db().send(
      new PutCommand({
        TableName: table,
        Item: { ...wsKeys.connection(goneId), connectionId: goneId, userId: session.user.id, roles: ['user'], expiresAtEpochSeconds },
      }),
    );
    await db().send(
      new PutCommand({
        TableName: table,
        Item: { ...wsKeys.subscription(goneId, topic), connectionId: goneId, topic, clientTopic: topic, expiresAtEpochSeconds },
      }),
    );
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    await subscribed(socket, [topic]);
    const deposit = await client.deposit(account.id, '2.00');
    await socket.waitFor(isPush('TransferCompleted', deposit.id), WAIT_MS);
    await eventually(async () => (await itemsOfConnection(goneId)) === 0, 'the gone connection is deleted');
    expect((await subscribersOfTopic(topic)).map((s) => s.connectionId)).not.toContain(goneId);
    await socket.close();
  });
});
