/**
 * The reconciliation's checks over ledgers built by valid postings (they always pass) and the
 * same ledgers with one thing corrupted (the check that guards it fails, naming it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountSnapshot,
  checkAccount,
  checkCurrencies,
  checkPending,
  currencyTotals,
  type EntrySnapshot,
  type MoneyHolder,
} from '../../../shared/domain/reconciliation';

interface Ledger {
  accounts: AccountSnapshot[];
  entries: Map<string, EntrySnapshot[]>;
  world: MoneyHolder[];
  inFlight: MoneyHolder[];
}

type Op =
  | { kind: 'deposit'; account: number; amount: bigint }
  | { kind: 'withdraw'; account: number; amount: bigint }
  | { kind: 'transfer'; from: number; to: number; amount: bigint }
  /** The first step of a saga: the payer is debited, the money waits on the command record. */
  | { kind: 'debitInFlight'; from: number; amount: bigint };

const CURRENCIES = ['EUR', 'JPY'] as const;
const WORLD_SHARDS = 4;

/** Applies each operation a real posting would accept (no overdraft, same currency), skipping the rest. */
function build(currencies: readonly (typeof CURRENCIES)[number][], ops: readonly Op[], shardOf: (i: number) => number): Ledger {
  const accounts = currencies.map((currency, i) => ({ id: `a${i}`, currency, balance: 0n, version: 0 }));
  const entries = new Map(accounts.map((a) => [a.id, [] as EntrySnapshot[]]));
  const world = new Map<string, bigint>();
  const inFlight: MoneyHolder[] = [];
  const post = (index: number, amount: bigint) => {
    const account = accounts[index % accounts.length] as (typeof accounts)[number];
    account.balance += amount;
    account.version += 1;
    entries.get(account.id)?.push({ seq: account.version, amount, balanceAfter: account.balance, currency: account.currency });
    return account;
  };
  ops.forEach((op, i) => {
    const at = (n: number) => accounts[n % accounts.length] as (typeof accounts)[number];
    const shard = (currency: string) => `${currency}#${shardOf(i) % WORLD_SHARDS}`;
    if (op.kind === 'deposit') {
      const account = post(op.account, op.amount);
      world.set(shard(account.currency), (world.get(shard(account.currency)) ?? 0n) - op.amount);
    } else if (op.kind === 'withdraw' && at(op.account).balance >= op.amount) {
      const account = post(op.account, -op.amount);
      world.set(shard(account.currency), (world.get(shard(account.currency)) ?? 0n) + op.amount);
    } else if (op.kind === 'transfer') {
      const [from, to] = [at(op.from), at(op.to)];
      if (from === to || from.currency !== to.currency || from.balance < op.amount) return;
      post(op.from, -op.amount);
      post(op.to, op.amount);
    } else if (op.kind === 'debitInFlight' && at(op.from).balance >= op.amount) {
      const account = post(op.from, -op.amount);
      inFlight.push({ currency: account.currency, amountMinor: op.amount });
    }
  });
  return {
    accounts,
    entries,
    world: [...world].map(([key, amountMinor]) => ({ currency: key.split('#')[0] as string, amountMinor })),
    inFlight,
  };
}

const amount = fc.bigInt({ min: 1n, max: 10_000n });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), account: fc.nat(10), amount }),
  fc.record({ kind: fc.constant('withdraw' as const), account: fc.nat(10), amount }),
  fc.record({ kind: fc.constant('transfer' as const), from: fc.nat(10), to: fc.nat(10), amount }),
  fc.record({ kind: fc.constant('debitInFlight' as const), from: fc.nat(10), amount }),
);
const ledger = fc
  .tuple(fc.array(fc.constantFrom(...CURRENCIES), { minLength: 1, maxLength: 6 }), fc.array(op, { maxLength: 60 }), fc.func(fc.nat()))
  .map(([currencies, ops, shardOf]) => build(currencies, ops, (i) => shardOf(i)));
/** A ledger whose first account has at least one entry, to corrupt. */
const postedLedger = ledger.filter((l) => (l.accounts[0]?.version ?? 0) > 0);

const holders = (l: Ledger) => l.accounts.map((a) => ({ currency: a.currency, amountMinor: a.balance }));
const totalsOf = (l: Ledger) => currencyTotals(holders(l), l.world, l.inFlight);
const accountTypes = (l: Ledger, account: AccountSnapshot, consistent = true) => {
  const result = checkAccount(account, l.entries.get(account.id) ?? [], { consistent });
  return result.status === 'violations' ? result.violations.map((v) => v.type) : [result.status];
};

describe('the reconciliation checks', () => {
  it('pass every ledger built by valid postings, money in flight included', () => {
    fc.assert(
      fc.property(ledger, (l) => {
        expect(checkCurrencies(totalsOf(l))).toEqual([]);
        for (const account of l.accounts) {
          expect(accountTypes(l, account)).toEqual(['ok']);
          expect(accountTypes(l, account, false)).toEqual(['ok']);
        }
      }),
    );
  });

  it('fail a balance changed behind its entries, for the account and for its currency', () => {
    fc.assert(
      fc.property(postedLedger, fc.bigInt({ min: 1n, max: 1_000n }), (l, delta) => {
        const [first, ...rest] = l.accounts as [AccountSnapshot, ...AccountSnapshot[]];
        const corrupted = { ...first, balance: first.balance + delta };
        expect(accountTypes(l, corrupted)).toContain('BALANCE_NOT_FOLD_OF_ENTRIES');
        const totals = currencyTotals(holders({ ...l, accounts: [corrupted, ...rest] }), l.world, l.inFlight);
        expect(checkCurrencies(totals).map((v) => v.subject)).toEqual([first.currency]);
      }),
    );
  });

  it('fail an entry whose amount was changed: its balanceAfter no longer follows', () => {
    fc.assert(
      fc.property(postedLedger, fc.bigInt({ min: 1n, max: 1_000n }), (l, delta) => {
        const account = l.accounts[0] as AccountSnapshot;
        const [entry, ...others] = l.entries.get(account.id) as [EntrySnapshot, ...EntrySnapshot[]];
        const tampered = { ...l, entries: new Map([...l.entries, [account.id, [{ ...entry, amount: entry.amount + delta }, ...others]]]) };
        expect(accountTypes(tampered, account)).toContain('BALANCE_AFTER_MISMATCH');
      }),
    );
  });

  it('fail an account whose entry is gone, once a consistent read confirms it, and are unsure before', () => {
    fc.assert(
      fc.property(postedLedger, (l) => {
        const account = l.accounts[0] as AccountSnapshot;
        const dropped = { ...l, entries: new Map([...l.entries, [account.id, (l.entries.get(account.id) ?? []).slice(1)]]) };
        expect(accountTypes(dropped, account)).toContain('ENTRY_STREAM_GAP');
        expect(accountTypes(dropped, account, false)).toEqual(['unsure']);
      }),
    );
  });

  it('ignore entries past the version read: postings committed after the account was seen', () => {
    fc.assert(
      fc.property(postedLedger, (l) => {
        const account = l.accounts[0] as AccountSnapshot;
        const later = { seq: account.version + 1, amount: 5n, balanceAfter: account.balance + 5n, currency: account.currency };
        const seen = { ...l, entries: new Map([...l.entries, [account.id, [...(l.entries.get(account.id) ?? []), later]]]) };
        expect(accountTypes(seen, account, false)).toEqual(['ok']);
      }),
    );
  });

  it('fail only the currency of a world shard that moved without a posting', () => {
    fc.assert(
      fc.property(ledger, fc.constantFrom(...CURRENCIES), fc.bigInt({ min: 1n, max: 1_000n }), (l, currency, delta) => {
        const totals = currencyTotals(holders(l), [...l.world, { currency, amountMinor: delta }], l.inFlight);
        expect(checkCurrencies(totals).map((v) => v.subject)).toEqual([currency]);
      }),
    );
  });

  it('fail money in flight that appears or vanishes without a posting', () => {
    fc.assert(
      fc.property(ledger, (l) => {
        const inFlight = [...l.inFlight, { currency: 'EUR', amountMinor: 7n }];
        expect(checkCurrencies(currencyTotals(holders(l), l.world, inFlight)).map((v) => v.type)).toEqual(['CURRENCY_IMBALANCE']);
      }),
    );
  });

  it('fail a negative balance even when its entries agree with it', () => {
    const account = { id: 'a', currency: 'EUR', balance: -5n, version: 1 };
    const result = checkAccount(account, [{ seq: 1, amount: -5n, balanceAfter: -5n, currency: 'EUR' }], { consistent: true });
    expect(result).toMatchObject({ status: 'violations', violations: [{ type: 'NEGATIVE_BALANCE', subject: 'account a' }] });
  });
});

describe('the pending check', () => {
  const rules = { nowEpochMs: Date.parse('2026-11-22T12:00:00.000Z'), deadlineSeconds: 900, maxSweeps: 6 };
  const pending = (createdAt: string, sweeps = 0, status = 'PENDING') => ({ subject: 'TRANSFER t1', status, createdAt, sweeps });

  it('fails a command still PENDING past its deadline', () => {
    expect(checkPending([pending('2026-11-22T11:44:59.000Z')], rules)).toMatchObject([
      { type: 'PENDING_PAST_DEADLINE', subject: 'TRANSFER t1' },
    ]);
  });

  it('lets a command within its deadline be', () => {
    expect(checkPending([pending('2026-11-22T11:50:00.000Z', 3)], rules)).toEqual([]);
  });

  it('fails a requested deletion the sweeper has re-published too often, whatever its age', () => {
    expect(checkPending([pending('2020-01-01T00:00:00.000Z', 6, 'COMPLETED')], rules)).toHaveLength(1);
    expect(checkPending([pending('2020-01-01T00:00:00.000Z', 5, 'COMPLETED')], rules)).toEqual([]);
  });
});
