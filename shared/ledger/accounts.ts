/** Wallet accounts in DynamoDB and their API view. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '../auth/caller';
import { canSee } from '../auth/caller';
import { notFound } from '../domain/errors';
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { batchGetConsistent, foundItem } from '../dynamo/batch-get';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
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
  return requireOwn(caller, await getAccount(accountId, true));
}

/** 404 unless the caller owns the account. */
function requireOwn<A extends Pick<AccountItem, 'ownerId'>>(caller: Caller, account: A | undefined): A {
  if (!account || account.ownerId !== caller.userId) throw notFound('account');
  return account;
}

/** What never changes about an account: accounts are never deleted, and owner and currency are fixed when it opens. */
export type AccountFacts = Pick<AccountItem, 'id' | 'ownerId' | 'currency'>;

/** Bound on the facts a container keeps; the oldest go first (a Map keeps insertion order). */
export const MAX_KNOWN_ACCOUNTS = 10_000;
const knownAccounts = new Map<string, AccountFacts>();

function remember(account: AccountFacts): void {
  knownAccounts.set(account.id, { id: account.id, ownerId: account.ownerId, currency: account.currency });
  if (knownAccounts.size > MAX_KNOWN_ACCOUNTS) knownAccounts.delete(knownAccounts.keys().next().value as string);
}

/**
 * The two accounts of a transfer, the source only if the caller owns it (404 otherwise), the
 * destination if it exists (anyone's; its owner may read the transfer). Only their facts are
 * answered, and a container reads each account once: a repeat payment costs no read here. An
 * account not found is read again next time. Balance and status are the processor's to judge.
 */
export async function readSourceAndDestination(
  caller: Caller,
  fromAccountId: string,
  toAccountId: string,
): Promise<{ from: AccountFacts; to: AccountFacts | undefined }> {
  const unknown = [fromAccountId, toAccountId].filter((id) => !knownAccounts.has(id));
  if (unknown.length > 0) {
    const found = await batchGetConsistent(unknown.map((id) => keys.account(id)));
    for (const id of unknown) {
      const account = foundItem(found, keys.account(id)) as AccountItem | undefined;
      if (account) remember(account);
    }
  }
  return { from: requireOwn(caller, knownAccounts.get(fromAccountId)), to: knownAccounts.get(toAccountId) };
}
