/** Wallet accounts in DynamoDB and their API view. */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import type { Caller } from '../http/caller';
import { canSee } from '../http/caller';
import { notFound } from '../http/problem';
import type { AccountState } from './posting';
import type { AccountView } from './schemas';

export interface AccountItem {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly currency: Currency;
  readonly balance: number | bigint;
  readonly version: number;
  readonly status: 'OPEN' | 'CLOSED';
  readonly createdAt: string;
}

export const toAccountView = (a: AccountItem): AccountView => ({
  id: a.id,
  ownerId: a.ownerId,
  name: a.name,
  currency: a.currency,
  balance: formatAmount(toMinor(a.balance), a.currency),
  status: a.status,
  createdAt: a.createdAt,
});

export async function getAccount(accountId: string, consistent = false): Promise<AccountItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.account(accountId), ConsistentRead: consistent }),
  );
  return Item as AccountItem | undefined;
}

/** The account if the caller may see it (owner or admin); 404 otherwise, so ids cannot be probed. */
export async function getVisibleAccount(caller: Caller, accountId: string, consistent = true): Promise<AccountItem> {
  const account = await getAccount(accountId, consistent);
  if (!account || !canSee(caller, [account.ownerId])) throw notFound('account');
  return account;
}

/** The account only for its owner (moving money out needs ownership, admins included). */
export async function getOwnAccount(caller: Caller, accountId: string): Promise<AccountItem> {
  const account = await getAccount(accountId, true);
  if (!account || account.ownerId !== caller.userId) throw notFound('account');
  return account;
}

/** Consistent reads of the accounts a posting touches; a missing one reads as version 0. */
export async function readAccountStates(ids: readonly string[]): Promise<Map<string, AccountState & { item?: AccountItem }>> {
  const unique = [...new Set(ids)];
  const result = await documentClient.send(
    new BatchGetCommand({
      RequestItems: { [mainTableName()]: { Keys: unique.map((id) => keys.account(id)), ConsistentRead: true } },
    }),
  );
  const found = new Map(((result.Responses?.[mainTableName()] ?? []) as AccountItem[]).map((a) => [a.id, a]));
  return new Map(
    unique.map((id) => {
      const item = found.get(id);
      return [
        id,
        item
          ? { id, ownerId: item.ownerId, version: item.version, balance: toMinor(item.balance), item }
          : { id, ownerId: undefined, version: 0, balance: 0n },
      ];
    }),
  );
}
