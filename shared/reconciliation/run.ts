/**
 * The reconciliation: reads the books (scan.ts), checks them (shared/domain/reconciliation.ts)
 * and reports. `reconcile` only reads, so anything may call it as a library (a chaos run, a test,
 * `npm run reconcile`); `recordReconciliation` keeps the report as an item and emits the metric
 * the reconciliation alarm watches.
 *
 * A scan of a live table sees each item at its own moment. An account that looks wrong is read
 * again, consistently, before it is reported; a currency that does not sum to zero is confirmed
 * by a second scan, since a transaction committed between two pages moves money the first scan
 * saw only half of. On a quiet table (a maintenance window, the end of a test) every check is exact.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import {
  type CurrencyTotal,
  checkAccount,
  checkCurrencies,
  checkPending,
  currencyTotals,
  totalOf,
  type Violation,
} from '../domain/reconciliation';
import { documentClient, readNumber } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { reconciliationFinished } from '../observability/metrics';
import { type LedgerSnapshot, readAccount, readPending, scanLedger } from './scan';
import type { ReconciliationReport } from './schemas';

/** Parallel scan segments: enough to keep one function busy, few enough for DynamoDB Local. */
export const SCAN_SEGMENTS = 4;
/** Items per scan page: a page is also cut at 1 MB, and each is one request to retry on throttling. */
export const SCAN_PAGE_ITEMS = 1_000;
/** Items one run reads at most (each account's entries are held until its fold is checked). */
export const MAX_SCANNED_ITEMS = 1_000_000;
/** Accounts a run re-reads when the scan could not decide them; more and the run is incomplete. */
export const MAX_REREAD_ACCOUNTS = 200;
/** Violations a report lists (it counts them all): a report item stays far below DynamoDB's 400 KB. */
export const MAX_REPORTED_VIOLATIONS = 100;
/** A PENDING command older than this has missed its deadline: its DLQ would have failed it long before. */
export const PENDING_DEADLINE_SECONDS = 15 * 60;
/** The sweeper backs off 1, 2, 4, … thresholds; six re-publications span about an hour. */
export const MAX_SWEEPS = 6;
/** Reports are kept this long (TTL), a little over a year. */
export const REPORT_RETENTION_DAYS = 400;

export interface ReconcileOptions {
  readonly tableName: string;
  readonly client?: DynamoDBDocumentClient;
  readonly now?: () => number;
  /** Reading stops at this instant and the report says it is incomplete. Default: no deadline. */
  readonly deadlineEpochMs?: number;
  readonly segments?: number;
  readonly pageItems?: number;
  readonly maxItems?: number;
  readonly pendingDeadlineSeconds?: number;
}

const formatTotals = (totals: readonly CurrencyTotal[]) =>
  totals.map((t) => ({
    currency: t.currency,
    balancesMinor: String(t.balancesMinor),
    worldMinor: String(t.worldMinor),
    inFlightMinor: String(t.inFlightMinor),
    totalMinor: String(totalOf(t)),
  }));

const totalsOf = (snapshot: LedgerSnapshot): CurrencyTotal[] =>
  currencyTotals(
    [...snapshot.accounts.values()].map((a) => ({ currency: a.currency, amountMinor: a.balance })),
    snapshot.worldShards,
    snapshot.inFlight,
  );

/** Account folds: decided from the scan where it can, from a consistent re-read where it cannot. */
async function checkAccounts(
  snapshot: LedgerSnapshot,
  read: (accountId: string) => ReturnType<typeof readAccount>,
): Promise<{ violations: Violation[]; undecided: number }> {
  const violations: Violation[] = [];
  const reread: string[] = [];
  for (const account of snapshot.accounts.values()) {
    const result = checkAccount(account, snapshot.entries.get(account.id) ?? [], { consistent: false });
    if (result.status !== 'ok') reread.push(account.id);
  }
  for (const accountId of reread.slice(0, MAX_REREAD_ACCOUNTS)) {
    const { account, entries, unreadable } = await read(accountId);
    violations.push(...unreadable);
    if (!account) continue; // deleted meanwhile: nothing left to check
    const result = checkAccount(account, entries, { consistent: true });
    if (result.status === 'violations') violations.push(...result.violations);
  }
  return { violations, undecided: Math.max(0, reread.length - MAX_REREAD_ACCOUNTS) };
}

export async function reconcile(options: ReconcileOptions): Promise<ReconciliationReport> {
  const client = options.client ?? documentClient;
  const now = options.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const limits = {
    segments: options.segments ?? SCAN_SEGMENTS,
    pageItems: options.pageItems ?? SCAN_PAGE_ITEMS,
    maxItems: options.maxItems ?? MAX_SCANNED_ITEMS,
    deadlineEpochMs: options.deadlineEpochMs ?? Number.POSITIVE_INFINITY,
    now,
  };
  const snapshot = await scanLedger(client, options.tableName, limits);
  const accounts = await checkAccounts(snapshot, (id) => readAccount(client, options.tableName, id));
  let totals = totalsOf(snapshot);
  let currencyViolations = snapshot.complete ? checkCurrencies(totals) : [];
  if (currencyViolations.length > 0) {
    // Confirmed only if a second look still sees the same currencies off.
    const second = await scanLedger(client, options.tableName, limits);
    const again = new Set(checkCurrencies(totalsOf(second)).map((v) => v.subject));
    if (second.complete) {
      currencyViolations = currencyViolations.filter((v) => again.has(v.subject));
      if (currencyViolations.length === 0) totals = totalsOf(second);
    }
  }
  const pending = await readPending(client, options.tableName, limits.maxItems);
  const violations = [
    ...currencyViolations,
    ...snapshot.unreadable,
    ...accounts.violations,
    ...checkPending(pending.items, {
      nowEpochMs: now(),
      deadlineSeconds: options.pendingDeadlineSeconds ?? PENDING_DEADLINE_SECONDS,
      maxSweeps: MAX_SWEEPS,
    }),
  ];
  const complete = snapshot.complete && pending.complete && accounts.undecided === 0;
  return {
    id: ulid(now()),
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    passed: complete && violations.length === 0,
    complete,
    itemsScanned: snapshot.itemsScanned,
    accountsChecked: snapshot.accounts.size,
    pendingChecked: pending.items.length,
    currencies: formatTotals(totals),
    violationCount: violations.length,
    violations: violations.slice(0, MAX_REPORTED_VIOLATIONS),
  };
}

/** Keeps the report (`RECONCILIATION#<date>`) and emits the metric the reconciliation alarm watches. */
export async function recordReconciliation(
  report: ReconciliationReport,
  options: { readonly tableName: string; readonly client?: DynamoDBDocumentClient },
): Promise<void> {
  reconciliationFinished({ passed: report.passed, violations: report.violationCount, items: report.itemsScanned });
  const expiresAtEpochSeconds = Math.floor(Date.parse(report.startedAt) / 1000) + REPORT_RETENTION_DAYS * 24 * 3600;
  await (options.client ?? documentClient).send(
    new PutCommand({
      TableName: options.tableName,
      Item: { ...keys.reconciliation(report.startedAt, report.id), type: 'ReconciliationReport', ...report, expiresAtEpochSeconds },
    }),
  );
}

/** For a caller outside Lambda (a chaos run, a script): the books of the table at a DynamoDB endpoint. */
export function reconcileTable(
  endpoint: string | undefined,
  tableName: string,
  options: Omit<ReconcileOptions, 'tableName' | 'client'> = {},
) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(endpoint ? { endpoint } : {}), {
    unmarshallOptions: { wrapNumbers: readNumber },
  });
  return reconcile({ ...options, tableName, client }).finally(() => client.destroy());
}
