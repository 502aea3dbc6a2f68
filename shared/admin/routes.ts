/** Route contracts of the admin operations (see shared/http/contract.ts). */
import { defineRoute } from '../http/contract';
import { ReconciliationReportSchema } from '../reconciliation/schemas';
import * as z from '../validation/zod';

/** `hasMore`: the call stopped at its time or message bound before the DLQ was empty; call again. */
export const RedriveSchema = z.object({ queue: z.string(), moved: z.int(), hasMore: z.boolean() });

const tag = 'Admin';

export const redriveQueue = defineRoute({
  method: 'POST',
  path: '/admin/queues/{name}/redrive',
  auth: true,
  summary: 'Move dead letters back: of a queue, an event rule or a schedule (admins)',
  tag,
  status: 200,
  response: RedriveSchema,
  errors: { 404: 'No such queue, rule or schedule, or the caller is not an admin (the same answer, so neither can be probed)' },
});

export const runReconciliation = defineRoute({
  method: 'POST',
  path: '/admin/reconciliations',
  auth: true,
  summary: 'Check the books now: money sums to zero, balances fold their entries (admins)',
  tag,
  status: 200,
  response: ReconciliationReportSchema,
  errors: { 404: 'The caller is not an admin' },
});
