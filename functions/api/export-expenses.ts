/**
 * GET /groups/{id}/expenses.csv: every expense of the group as RFC 4180 CSV (CRLF, quoted
 * where needed), a header row, then one row per expense and share, oldest first. Amounts
 * are decimal strings in the group currency, as everywhere in the API; free text that a
 * spreadsheet would run as a formula opens as text.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stringify } from 'csv-stringify/sync';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import type { ExpenseItem } from '../../shared/groups/expenses';
import { EXPORT_HEADER, expenseRows } from '../../shared/groups/export';
import { getVisibleGroup } from '../../shared/groups/groups';
import { exportExpenses as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';

/** A group's expenses are bounded by what a Lambda answer holds (6 MB); beyond, list them page by page. */
export const MAX_EXPORTED_EXPENSES = 5_000;

async function allExpenses(groupId: string): Promise<ExpenseItem[]> {
  const items: ExpenseItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.group(groupId).pk, ':prefix': keys.expensePrefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as ExpenseItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < MAX_EXPORTED_EXPENSES);
  return items.slice(0, MAX_EXPORTED_EXPENSES);
}

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id);
  const rows = expenseRows(await allExpenses(group.id), group.currency);
  // The content-type (text/csv) is the contract's.
  return {
    status: 200,
    headers: { 'content-disposition': `attachment; filename="${group.id}-expenses.csv"` },
    body: stringify([[...EXPORT_HEADER], ...rows], { record_delimiter: 'windows' }),
  };
});
