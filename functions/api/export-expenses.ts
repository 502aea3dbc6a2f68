/**
 * GET /groups/{id}/expenses.csv: every expense of the group as RFC 4180 CSV (CRLF, quoted
 * where needed), a header row, then one row per expense and share, oldest first. Amounts
 * are decimal strings in the group currency, as everywhere in the API; free text that a
 * spreadsheet would run as a formula opens as text.
 */

import { stringify } from 'csv-stringify/sync';
import { keys } from '../../shared/dynamo/keys';
import { queryPrefixAll } from '../../shared/dynamo/query-all';
import type { ExpenseItem } from '../../shared/groups/expenses';
import { EXPORT_HEADER, expenseRows } from '../../shared/groups/export';
import { getVisibleGroup } from '../../shared/groups/groups';
import { exportExpenses as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';

/** A group's expenses are bounded by what a Lambda answer holds (6 MB); beyond, list them page by page. */
export const MAX_EXPORTED_EXPENSES = 5_000;

const allExpenses = (groupId: string): Promise<ExpenseItem[]> =>
  queryPrefixAll<ExpenseItem>(keys.group(groupId).pk, keys.expensePrefix, MAX_EXPORTED_EXPENSES);

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
