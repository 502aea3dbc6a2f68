/** The report of one reconciliation: what `POST /admin/reconciliations` answers and the report item holds. */
import * as z from '../validation/zod';

export const ViolationSchema = z.object({
  type: z.string(),
  subject: z.string(),
  detail: z.string(),
});

export const CurrencyTotalSchema = z.object({
  currency: z.string(),
  /** Minor units, as decimal integers (money beyond 2^53 stays exact). */
  balancesMinor: z.string(),
  worldMinor: z.string(),
  inFlightMinor: z.string(),
  totalMinor: z.string(),
});

export const ReconciliationReportSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** Every check ran over the whole table and found nothing wrong. */
  passed: z.boolean(),
  /** The whole table was read within the run's bounds; a partial run never passes. */
  complete: z.boolean(),
  itemsScanned: z.int(),
  accountsChecked: z.int(),
  pendingChecked: z.int(),
  currencies: z.array(CurrencyTotalSchema),
  violationCount: z.int(),
  /** The first violations found (the count says how many there were). */
  violations: z.array(ViolationSchema),
});

export type ReconciliationReport = z.infer<typeof ReconciliationReportSchema>;
