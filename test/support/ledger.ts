/** Ledger fixtures for processor tests: accounts and PENDING transfers written straight to DynamoDB Local. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { toMinor } from '../../shared/domain/money';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { type Key, keys, lists } from '../../shared/dynamo/keys';
import { buildTransfer } from '../../shared/ledger/accept-transfer';
import { queryStream } from '../../shared/ledger/stream';
import { newTransferRecord } from '../../shared/ledger/transfers';
import { newPurchaseRecord } from '../../shared/shop/purchases';
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
    caller: { userId: OWNER_ID, roles: ['user'], isAdmin: false, emailVerified: true },
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

/** A product of `merchantAccountId`, listed as POST /products writes it. */
export async function putProduct(stock: number, merchantAccountId: string, priceMinor = 100n): Promise<string> {
  const sku = `sku-${ulid()}`;
  await documentClient.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        ...keys.product(sku),
        sku,
        name: 'p',
        price: priceMinor,
        currency: 'EUR',
        stock,
        merchantAccountId,
        merchantId: OWNER_ID,
        createdAt: '',
        updatedAt: '',
      },
    }),
  );
  return sku;
}

/** A PENDING purchase, as POST /purchases writes it, and the message that reserves its stock. */
export async function putPendingPurchase(sku: string, buyerAccount: string, merchantAccount: string, quantity: number, unitPrice = 100n) {
  const { record, message } = newPurchaseRecord({
    id: ulid(),
    status: 'PENDING',
    sku,
    quantity,
    unitPrice,
    total: unitPrice * BigInt(quantity),
    currency: 'EUR',
    buyerId: OWNER_ID,
    accountId: buyerAccount,
    merchantAccountId: merchantAccount,
    merchantId: OWNER_ID,
    createdAt: new Date().toISOString(),
  });
  await documentClient.send(new PutCommand({ TableName: mainTableName(), Item: record }));
  return { id: record.id, message, sqsEvent: () => sqsEventOf(message) };
}

export async function itemAt(key: Key): Promise<Record<string, unknown>> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: key, ConsistentRead: true }));
  return Item ?? {};
}

/** The account's entries in order, as `[amount, balanceAfter]` pairs, with their seqs checked to run 1, 2, 3 … */
export async function entriesOf(accountId: string): Promise<[bigint, bigint][]> {
  const page = await queryStream(accountId, { limit: 100 }, false, (e) => e);
  page.items.forEach((e, i) => {
    if (e.seq !== i + 1) throw new Error(`account ${accountId}: entry ${i} has seq ${e.seq}`);
  });
  return page.items.map((e) => [toMinor(e.amount), toMinor(e.balanceAfter)]);
}
