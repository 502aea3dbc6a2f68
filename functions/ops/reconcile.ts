/**
 * Scheduled reconciliation: proves the books (shared/reconciliation/run.ts), keeps the report
 * as a `RECONCILIATION#<date>` item and emits the metric the reconciliation alarm watches.
 * A failed check is an outcome, not an error: the function succeeds and the alarm tells someone.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { mainTableName } from '../../shared/dynamo/client';
import { lambdaEntry } from '../../shared/observability/entry';
import { logger } from '../../shared/observability/logger';
import { reconcile, recordReconciliation } from '../../shared/reconciliation/run';

/** Time kept back from the function's timeout to write the report of a run cut short. */
export const REPORT_MARGIN_MS = 10_000;

export const handler = lambdaEntry(async (_event: ScheduledEvent, context: Context) => {
  const tableName = mainTableName();
  const report = await reconcile({ tableName, deadlineEpochMs: Date.now() + context.getRemainingTimeInMillis() - REPORT_MARGIN_MS });
  await recordReconciliation(report, { tableName });
  const summary = { id: report.id, passed: report.passed, complete: report.complete, violationCount: report.violationCount };
  if (report.passed) logger.info('the books balance', summary);
  else logger.error('reconciliation failed', { ...summary, violations: report.violations });
  return summary;
});
