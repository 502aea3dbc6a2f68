/**
 * POST /admin/reconciliations: admins check the books now and get the report (also kept as an
 * item, and counted by the reconciliation alarm like a scheduled run). A table too large to read
 * within the request answers a report with `complete: false`; the schedule has minutes for it.
 */

import { runReconciliation as contract } from '../../shared/admin/routes';
import { mainTableName } from '../../shared/dynamo/client';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';
import { reconcile, recordReconciliation } from '../../shared/reconciliation/run';

/** API Gateway ends a REST integration at 29 s, cold start included: reading stops well before. */
export const RECONCILE_TIME_BUDGET_MS = 20_000;

export const handler = httpHandler(contract, async ({ caller }) => {
  const startedAtEpochMs = Date.now();
  // Not an admin: the same 404 as any unknown route, so the route cannot be probed.
  if (!caller.isAdmin) throw notFound();
  const tableName = mainTableName();
  const report = await reconcile({ tableName, deadlineEpochMs: startedAtEpochMs + RECONCILE_TIME_BUDGET_MS });
  await recordReconciliation(report, { tableName });
  return json(200, report);
});
