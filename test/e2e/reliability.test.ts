import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../shared/bus/publisher';
import { EvenlyClient } from '../../shared/client/evenly-client';
import { pendingIndexAttributes } from '../../shared/dynamo/keys';
import { buildTransfer } from '../../shared/ledger/accept-transfer';
import { newTransferRecord, outcomeEvent } from '../../shared/ledger/transfers';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, signUp, signUpVerified } from '../support/users';
import { openSocket, type TestSocket } from '../support/ws-client';

const ADMIN_EMAIL = `admin-${randomUUID().slice(0, 8)}@example.com`;
const runtime = useLocalRuntime({ scheduleIntervalMs: 500, env: { SWEEPER_THRESHOLD_SECONDS: '1', ADMIN_EMAILS: ADMIN_EMAIL } });

const sqs = () => new SQSClient({ endpoint: runtime().sqsEndpoint });
const db = () => DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().dynamoEndpoint }));

async function visibleIn(queue: string): Promise<number> {
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: runtime().queueUrls[queue],
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** A deposit into the owner's account, as POST /accounts/{id}/deposits builds it. */
const depositOf = (accountId: string, ownerId: string, amountMinor: bigint) =>
  buildTransfer({
    caller: { userId: ownerId, roles: ['user'], isAdmin: false, emailVerified: true },
    idempotencyKey: undefined,
    request: {},
    kind: 'deposit',
    fromAccountId: null,
    toAccountId: accountId,
    participantIds: [ownerId],
    amountMinor,
    currency: 'EUR',
  });

async function pendingDepositWrittenDirectly(accountId: string, ownerId: string, options: { createdAt?: string } = {}) {
  const transfer = depositOf(accountId, ownerId, 500n);
  const createdAt = options.createdAt ?? transfer.createdAt;
  const { record, message } = newTransferRecord({ ...transfer, createdAt });
  await db().send(
    new PutCommand({
      TableName: runtime().tables.main,
      Item: {
        ...record,
        ...pendingIndexAttributes(transfer.id, createdAt),
        requestedMessage: JSON.stringify(message),
      },
    }),
  );
  return { id: transfer.id, message };
}

/** A TransferCompleted for the account, as the bus delivers it to the notify queue; never published, so only a redrive can push it. */
function deadOutcome(accountId: string, ownerId: string) {
  const transfer = depositOf(accountId, ownerId, 700n);
  const { record } = newTransferRecord(transfer);
  const event = outcomeEvent({ ...record, status: 'COMPLETED', completedAt: new Date().toISOString() });
  const message = {
    version: '0',
    id: randomUUID(),
    'detail-type': event.type,
    source: EVENT_SOURCE,
    time: new Date().toISOString(),
    detail: event.detail,
  };
  return { message, eventId: String(event.detail.eventId) };
}

/** A ping round trip: every push posted to the socket before it has arrived when the pong does. */
async function pongAfterPushes(socket: TestSocket): Promise<void> {
  const pongs = () => socket.messages.filter((m) => m.type === 'pong').length;
  const before = pongs();
  socket.send({ action: 'ping' });
  await eventually(async () => pongs() > before, 'a pong after the ping', { timeoutMs: 10_000 });
}

describe('reliability', () => {
  it('moves a poison message to the DLQ without blocking its FIFO group forever', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: runtime().queueUrls.accounts,
        MessageBody: '{"not": "an event"',
        MessageGroupId: account.id,
        MessageDeduplicationId: randomUUID(),
      }),
    );
    const deposit = await client.deposit(account.id, '3.00');
    expect((await client.settled(deposit, 60_000)).status).toBe('COMPLETED');
    await eventually(async () => (await visibleIn('accounts-dlq')) >= 1, 'the message in the accounts DLQ', { timeoutMs: 30_000 });
  });

  it('ends a request whose processing keeps failing as FAILED with PROCESSING_ERROR', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    // A damaged account item: every attempt to post to it throws.
    const accountId = ulid();
    await db().send(
      new PutCommand({
        TableName: runtime().tables.main,
        Item: {
          pk: `ACCOUNT#${accountId}`,
          sk: 'ACCOUNT',
          id: accountId,
          ownerId: session.user.id,
          currency: 'EUR',
          balance: 'damaged',
          version: 0,
          status: 'OPEN',
        },
      }),
    );
    const broken = await pendingDepositWrittenDirectly(accountId, session.user.id);
    const failed = await client.waitFor(
      () => client.getTransfer(broken.id).catch(() => ({ status: 'PENDING' }) as { status: string }),
      (t) => t.status !== 'PENDING',
      60_000,
    );
    expect(failed).toMatchObject({ status: 'FAILED', failureReason: 'PROCESSING_ERROR' });
  });

  it('sends again a command whose send was lost (the sweeper)', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const lost = await pendingDepositWrittenDirectly(account.id, session.user.id, {
      createdAt: new Date(Date.now() - 5_000).toISOString(),
    });
    expect((await client.settled({ id: lost.id }, 30_000)).status).toBe('COMPLETED');
    expect((await client.getAccount(account.id)).balance).toBe('5.00');
  });

  it('lets an admin redrive a DLQ: the message is processed once, from its own queue; anyone else gets 404', async () => {
    const { session: admin } = await signUpVerified(runtime().httpUrl, 'Admin', ADMIN_EMAIL);
    expect(admin.user.roles).toEqual(['user', 'admin']);
    const adminClient = new EvenlyClient({ baseUrl: runtime().httpUrl, accessToken: admin.accessToken });
    const { client: user, session } = await signUp(runtime().httpUrl);
    const account = await user.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    try {
      socket.send({ action: 'subscribe', topics: [`account:${account.id}`] });
      await socket.waitFor((m) => m.type === 'subscribed');
      // An outcome event that died on its way to the subscribers: never pushed before the redrive.
      const dead = deadOutcome(account.id, session.user.id);
      await sqs().send(new SendMessageCommand({ QueueUrl: runtime().queueUrls['notify-dlq'], MessageBody: JSON.stringify(dead.message) }));
      expect(await visibleIn('notify-dlq')).toBe(1);

      expect((await user.raw('POST', '/admin/queues/notify/redrive')).status).toBe(404);
      expect((await adminClient.raw('POST', '/admin/queues/nope/redrive')).status).toBe(404);
      const result = await adminClient.call<{ queue: string; moved: number }>('POST', '/admin/queues/notify/redrive');
      expect(result).toMatchObject({ queue: 'notify', moved: 1 });

      const isRedriven = (m: Record<string, unknown>) => m.type === 'event' && (m.event as { id?: unknown }).id === dead.eventId;
      await socket.waitFor(isRedriven, 30_000);
      await eventually(async () => (await visibleIn('notify')) === 0 && (await visibleIn('notify-dlq')) === 0, 'notify and its DLQ empty', {
        timeoutMs: 30_000,
      });
      await pongAfterPushes(socket);
      expect(socket.messages.filter(isRedriven)).toHaveLength(1);
      expect(await adminClient.call('POST', '/admin/queues/notify/redrive')).toMatchObject({ moved: 0 });
    } finally {
      await socket.close();
    }
  });

  it("lets an admin redrive an event its rule could not deliver: it reaches the rule's queue and is pushed once", async () => {
    const admin = await new EvenlyClient({ baseUrl: runtime().httpUrl })
      .login({ email: ADMIN_EMAIL, password: PASSWORD })
      .catch(async () => (await signUpVerified(runtime().httpUrl, 'Admin', ADMIN_EMAIL)).session);
    const adminClient = new EvenlyClient({ baseUrl: runtime().httpUrl, accessToken: admin.accessToken });
    const { client: user, session } = await signUp(runtime().httpUrl);
    const account = await user.createAccount({ currency: 'EUR' });
    const socket = await openSocket(runtime().wsUrl, session.accessToken);
    try {
      socket.send({ action: 'subscribe', topics: [`account:${account.id}`] });
      await socket.waitFor((m) => m.type === 'subscribed');
      // What EventBridge leaves in a rule's DLQ: the event itself.
      const dead = deadOutcome(account.id, session.user.id);
      const ruleDlq = 'notify-outcomes-rule-dlq';
      await sqs().send(new SendMessageCommand({ QueueUrl: runtime().queueUrls[ruleDlq], MessageBody: JSON.stringify(dead.message) }));
      expect(await adminClient.call('POST', '/admin/queues/notify-outcomes/redrive')).toMatchObject({ queue: 'notify-outcomes', moved: 1 });
      const isRedriven = (m: Record<string, unknown>) => m.type === 'event' && (m.event as { id?: unknown }).id === dead.eventId;
      await socket.waitFor(isRedriven, 30_000);
      expect(await visibleIn(ruleDlq)).toBe(0);
      await pongAfterPushes(socket);
      expect(socket.messages.filter(isRedriven)).toHaveLength(1);
    } finally {
      await socket.close();
    }
  });
});
