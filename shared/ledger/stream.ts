/** An account's stream items, seen as ledger entries (newest first) or as events (in order). */
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { keys } from '../dynamo/keys';
import { type Page, queryPrefixPage } from '../dynamo/pagination';
import type { ListQuery } from '../http/list-query';

export interface StreamItem {
  readonly accountId: string;
  readonly seq: number;
  readonly type: string;
  readonly kind: string;
  readonly transferId: string;
  readonly amount: number | bigint;
  readonly balanceAfter: number | bigint;
  readonly currency: Currency;
  readonly counterpartyAccountId: string | null;
  readonly occurredAt: string;
}

export const toEntry = (e: StreamItem) => ({
  id: `${e.accountId}.${e.seq}`,
  transferId: e.transferId,
  amount: formatAmount(toMinor(e.amount), e.currency),
  balanceAfter: formatAmount(toMinor(e.balanceAfter), e.currency),
  kind: e.kind,
  createdAt: e.occurredAt,
});

export const toEvent = (e: StreamItem) => ({
  seq: e.seq,
  type: e.type,
  occurredAt: e.occurredAt,
  data: {
    transferId: e.transferId,
    kind: e.kind,
    amount: formatAmount(toMinor(e.amount), e.currency),
    balanceAfter: formatAmount(toMinor(e.balanceAfter), e.currency),
    currency: e.currency,
    counterpartyAccountId: e.counterpartyAccountId,
  },
});

export function queryStream<T>(accountId: string, query: ListQuery, newestFirst: boolean, map: (e: StreamItem) => T): Promise<Page<T>> {
  return queryPrefixPage(keys.account(accountId).pk, keys.accountEventPrefix, query, { newestFirst }, (item) =>
    map(item as unknown as StreamItem),
  );
}
