/**
 * The guarded status transition every command relies on: `from → next` as a condition,
 * so a second delivery finds the record already moved and changes nothing. Leaving
 * PENDING also drops the sweeper's index attributes in the same write.
 */
import { mainTableName } from './client';
import type { Key } from './keys';
import type { TransactItem } from './transact';

export function statusTransition(
  key: Key,
  from: string,
  set: Record<string, unknown>,
  options: { removePending?: boolean; table?: string } = {},
): TransactItem {
  const names = Object.keys(set);
  const removePending = options.removePending ?? from === 'PENDING';
  const clauses = [
    names.length > 0 ? `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}` : '',
    removePending ? 'REMOVE pendingPk, pendingSk, requestedMessage' : '',
  ];
  return {
    Update: {
      TableName: options.table ?? mainTableName(),
      Key: key,
      UpdateExpression: clauses.filter(Boolean).join(' '),
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
      ExpressionAttributeValues: { ':from': from, ...Object.fromEntries(names.map((n, i) => [`:f${i}`, set[n]])) },
    },
  };
}
