/**
 * The promises the books keep, checked over what a reader saw of them (pure: no I/O, no clock).
 *
 * - Per currency, Σ account balances + Σ world shards + Σ money in flight = 0. Deposits come
 *   from and withdrawals go to the currency's world account; a transfer or purchase between
 *   its steps holds its `inFlightMinor` on its own record.
 * - Every account's balance is the fold of its entries: entries 1..version, each `balanceAfter`
 *   the running sum, the last one equal to the balance; and never below zero.
 * - Nothing waits in the sweeper's index past its deadline.
 *
 * A reader that scans a live table may see an account before or after a posting that is
 * committed meanwhile. Entries are written in the same transaction as the account's new version
 * and never change, so entries past the version read belong to later postings and are ignored;
 * entries missing below it mean the entries were read first, which only a consistent re-read
 * (`consistent`) can tell from a gap.
 */

export interface AccountSnapshot {
  readonly id: string;
  readonly currency: string;
  readonly balance: bigint;
  /** The seq of the account's last entry (0: none yet). */
  readonly version: number;
}

export interface EntrySnapshot {
  readonly seq: number;
  readonly amount: bigint;
  readonly balanceAfter: bigint;
  readonly currency: string;
}

export interface MoneyHolder {
  readonly currency: string;
  readonly amountMinor: bigint;
}

export interface PendingSnapshot {
  /** What the item is, for the report: `TRANSFER 01J…`, `EXPENSE 01J…`. */
  readonly subject: string;
  readonly status: string;
  /** When the command was accepted (ISO 8601), if the item says. */
  readonly createdAt: string | undefined;
  /** How often the sweeper has re-published it. */
  readonly sweeps: number;
}

export type ViolationType =
  | 'CURRENCY_IMBALANCE'
  | 'BALANCE_NOT_FOLD_OF_ENTRIES'
  | 'BALANCE_AFTER_MISMATCH'
  | 'ENTRY_STREAM_GAP'
  | 'ENTRY_CURRENCY_MISMATCH'
  | 'NEGATIVE_BALANCE'
  | 'PENDING_PAST_DEADLINE'
  | 'UNREADABLE_ITEM';

export interface Violation {
  readonly type: ViolationType;
  /** What it is about: a currency, `account <id>`, `TRANSFER <id>`, an item key. */
  readonly subject: string;
  readonly detail: string;
}

export type AccountCheck =
  | { readonly status: 'ok' }
  | { readonly status: 'violations'; readonly violations: readonly Violation[] }
  /** Entries below the version were not seen: read the account again, consistently, before deciding. */
  | { readonly status: 'unsure' };

/** The fold of an account's entries against its balance. */
export function checkAccount(account: AccountSnapshot, entries: readonly EntrySnapshot[], options: { consistent: boolean }): AccountCheck {
  const subject = `account ${account.id}`;
  const violations: Violation[] = [];
  const bySeq = new Map(entries.filter((e) => e.seq <= account.version).map((e) => [e.seq, e]));
  if (bySeq.size < account.version && !options.consistent) return { status: 'unsure' };
  if (account.balance < 0n) violations.push({ type: 'NEGATIVE_BALANCE', subject, detail: `balance ${account.balance} is below zero` });
  let running = 0n;
  for (let seq = 1; seq <= account.version; seq += 1) {
    const entry = bySeq.get(seq);
    if (!entry) {
      violations.push({ type: 'ENTRY_STREAM_GAP', subject, detail: `entry ${seq} of ${account.version} is missing` });
      continue;
    }
    running += entry.amount;
    if (entry.balanceAfter !== running) {
      violations.push({
        type: 'BALANCE_AFTER_MISMATCH',
        subject,
        detail: `entry ${seq} says balanceAfter ${entry.balanceAfter}, its entries sum to ${running} there`,
      });
    }
    if (entry.currency !== account.currency) {
      violations.push({
        type: 'ENTRY_CURRENCY_MISMATCH',
        subject,
        detail: `entry ${seq} is in ${entry.currency}, the account in ${account.currency}`,
      });
    }
  }
  if (running !== account.balance) {
    violations.push({
      type: 'BALANCE_NOT_FOLD_OF_ENTRIES',
      subject,
      detail: `balance ${account.balance} but entries 1..${account.version} sum to ${running}`,
    });
  }
  return violations.length === 0 ? { status: 'ok' } : { status: 'violations', violations };
}

export interface CurrencyTotal {
  readonly currency: string;
  readonly balancesMinor: bigint;
  readonly worldMinor: bigint;
  readonly inFlightMinor: bigint;
}

export const totalOf = (t: CurrencyTotal): bigint => t.balancesMinor + t.worldMinor + t.inFlightMinor;

/** Σ per currency of account balances, world shards and money in flight. */
export function currencyTotals(
  accounts: readonly MoneyHolder[],
  worldShards: readonly MoneyHolder[],
  inFlight: readonly MoneyHolder[],
): CurrencyTotal[] {
  const totals = new Map<string, { balancesMinor: bigint; worldMinor: bigint; inFlightMinor: bigint }>();
  const add = (holders: readonly MoneyHolder[], field: 'balancesMinor' | 'worldMinor' | 'inFlightMinor') => {
    for (const { currency, amountMinor } of holders) {
      const total = totals.get(currency) ?? { balancesMinor: 0n, worldMinor: 0n, inFlightMinor: 0n };
      total[field] += amountMinor;
      totals.set(currency, total);
    }
  };
  add(accounts, 'balancesMinor');
  add(worldShards, 'worldMinor');
  add(inFlight, 'inFlightMinor');
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, ...t }));
}

export function checkCurrencies(totals: readonly CurrencyTotal[]): Violation[] {
  return totals
    .filter((t) => totalOf(t) !== 0n)
    .map((t) => ({
      type: 'CURRENCY_IMBALANCE' as const,
      subject: t.currency,
      detail: `balances ${t.balancesMinor} + world ${t.worldMinor} + in flight ${t.inFlightMinor} = ${totalOf(t)}, not 0 (minor units)`,
    }));
}

export interface PendingRules {
  readonly nowEpochMs: number;
  /** A PENDING command older than this has missed its deadline. */
  readonly deadlineSeconds: number;
  /** An item the sweeper re-published this often is stuck, whatever its age says (deletion requests carry none). */
  readonly maxSweeps: number;
}

export function checkPending(items: readonly PendingSnapshot[], rules: PendingRules): Violation[] {
  const violations: Violation[] = [];
  for (const item of items) {
    const acceptedMs = item.createdAt === undefined ? Number.NaN : Date.parse(item.createdAt);
    const ageSeconds = Math.floor((rules.nowEpochMs - acceptedMs) / 1000);
    if (item.status === 'PENDING' && ageSeconds > rules.deadlineSeconds) {
      violations.push({
        type: 'PENDING_PAST_DEADLINE',
        subject: item.subject,
        detail: `PENDING for ${ageSeconds} s, past its ${rules.deadlineSeconds} s deadline`,
      });
    } else if (item.sweeps >= rules.maxSweeps) {
      violations.push({
        type: 'PENDING_PAST_DEADLINE',
        subject: item.subject,
        detail: `still waiting (${item.status}) after ${item.sweeps} re-publications by the sweeper`,
      });
    }
  }
  return violations;
}
