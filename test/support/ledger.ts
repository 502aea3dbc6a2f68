/** Ledger fixtures for processor tests: accounts and PENDING transfers written straight to DynamoDB Local. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { toMinor } from '../../shared/domain/money';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { keys, lists } from '../../shared/dynamo/keys';
import { buildTransfer } from '../../shared/ledger/accept-transfer';
import { newTransferRecord } from '../../shared/ledger/transfers';
import { sqsEventOf } from './pipeline';

export const OWNER_ID = 'u-owner';

export async function putAccount(
  balance: bigint,
  options: { currency?: string; status?: string; ownerId?: string; listed?: boolean } = {},
): Promise<string> {
  const id = ulid();
  const createdAt = new Date().toISOString();
  const ownerId = options.ownerId ?? OWNER_ID;
  await documentClient.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        ...keys.account(id),
        id,
        ownerId,
        name: 'a',
        currency: options.currency ?? 'EUR',
        balance,
        version: 0,
        status: options.status ?? 'OPEN',
        createdAt,
        // On the owner's account list, as POST /accounts writes it.
        ...(options.listed ? { gsi1pk: lists.accountsOf(ownerId), gsi1sk: lists.sortKey(createdAt, id) } : {}),
      },
    }),
  );
  return id;
}

/** A PENDING deposit, withdrawal or transfer (by which side is null) in EUR, and the message that requests it. */
export async function putPendingTransfer(from: string | null, to: string | null, amountMinor: bigint) {
  const transfer = buildTransfer({
    caller: { userId: OWNER_ID, roles: ['user'], isAdmin: false },
    idempotencyKey: undefined,
    request: {},
    kind: from && to ? 'transfer' : from ? 'withdrawal' : 'deposit',
    fromAccountId: from,
    toAccountId: to,
    participantIds: [OWNER_ID],
    amountMinor,
    currency: 'EUR',
  });
  const { record, message } = newTransferRecord(transfer);
  await documentClient.send(new PutCommand({ TableName: mainTableName(), Item: record }));
  return { id: transfer.id, message, sqsEvent: () => sqsEventOf(message) };
}

export async function balanceOf(id: string): Promise<bigint> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: keys.account(id), ConsistentRead: true }));
  return toMinor(Item?.balance);
}
