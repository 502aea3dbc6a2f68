/** Admin commands: moving dead letters back, and proving the books. */
import type { redriveQueue } from '../shared/admin/routes';
import type { ResponseOf } from '../shared/http/contract';
import type { ReconciliationReport } from '../shared/reconciliation/schemas';
import { arg, type Command, type CommandContext } from './command';
import { EXIT } from './exit-codes';

type Redriven = ResponseOf<typeof redriveQueue>;

function reportLine(r: ReconciliationReport): string {
  const totals = r.currencies.map((c) => `${c.currency} ${c.totalMinor}`).join(', ') || 'no money yet';
  const head = r.passed
    ? `The books balance (${r.itemsScanned} items, ${r.accountsChecked} accounts; per currency: ${totals})`
    : `The books do NOT pass: ${r.complete ? '' : 'the run could not read every item; '}${r.violationCount} violation(s)`;
  return [head, ...r.violations.map((v) => `  ${v.type}  ${v.subject}: ${v.detail}`)].join('\n');
}

/** Straight against DynamoDB (`--table`), or through the API as the signed-in admin. */
async function reconcile(c: CommandContext): Promise<ReconciliationReport> {
  if (typeof c.flags.table === 'string') {
    const { reconcileTable } = await import('../shared/reconciliation/run');
    const endpoint = typeof c.flags.endpoint === 'string' ? c.flags.endpoint : process.env.AWS_ENDPOINT_URL_DYNAMODB;
    return reconcileTable(endpoint, c.flags.table);
  }
  return c.client.reconcile();
}

export const adminCommands: Record<string, Command> = {
  'admin redrive': {
    usage: 'admin redrive <name>',
    note: 'admins: move dead letters back (name: a queue, an event rule or a schedule)',
    async run(c) {
      const result = await c.client.redrive(arg(c, 0, 'name'));
      c.out.print(
        result,
        (r: Redriven) => `Moved ${r.moved} message(s) out of the DLQ of ${r.queue}${r.hasMore ? '; more are waiting: run it again' : ''}`,
      );
    },
  },
  'admin reconcile': {
    usage: 'admin reconcile [--table NAME [--endpoint URL]]',
    note: 'admins: check the books (exit 3 if they do not pass); --table reads that DynamoDB table itself',
    async run(c) {
      const report = await reconcile(c);
      c.out.print(report, reportLine);
      return report.passed ? EXIT.ok : EXIT.failed;
    },
  },
};
