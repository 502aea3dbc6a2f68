/** Wallets: accounts with live balances, entries page by page, deposits and transfers. */
import { useEffect, useId, useState } from 'preact/hooks';
import type { Entry, Problem } from '../../shared/client/evenly-client';
import type { AccountView, TransferView } from '../../shared/ledger/schemas';
import { useAttempt } from './attempt';
import { useConsole } from './context';
import { useLive } from './hub';
import { Field, ProblemNotice, problemFrom } from './problems';
import { TransferForm } from './transfer-form';

export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY'] as const;
const ENTRIES_PER_PAGE = 10;

/** The account view; its `incoming` (money on its way, not applied yet) is there when the API reports it. */
type Account = AccountView;

export function Wallets() {
  const { client, hub } = useConsole();
  const [accounts, setAccounts] = useState<Account[] | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [transfers, setTransfers] = useState<TransferView[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [entriesVersion, setEntriesVersion] = useState(0);

  const reload = async () => {
    try {
      const page = await client.listAccounts({ limit: 100 });
      setAccounts(page.items);
      setSelected((current) => current ?? page.items[0]?.id);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  const rereadTransfers = async () => {
    const pending = transfers.filter((t) => t.status === 'PENDING');
    const fresh = await Promise.all(pending.map((t) => client.getTransfer(t.id).catch(() => t)));
    setTransfers((list) => list.map((t) => fresh.find((f) => f.id === t.id) ?? t));
  };
  // Dependencies: read once on entering the area
  useEffect(() => void reload(), []);

  useLive(hub, [...(accounts ?? []).map((a) => `account:${a.id}`), 'user:me'], {
    onPush: (push) => {
      if (!push.event.type.startsWith('Transfer') && !push.event.type.startsWith('Purchase') && !push.event.type.startsWith('Settlement'))
        return;
      const data = push.event.data as Partial<TransferView> & { transferId?: string };
      setTransfers((list) =>
        list.map((t) =>
          t.id === data.transferId
            ? { ...t, status: data.status ?? t.status, ...(data.failureReason ? { failureReason: data.failureReason } : {}) }
            : t,
        ),
      );
      void reload();
      setEntriesVersion((v) => v + 1);
    },
    onResync: () => {
      void reload();
      void rereadTransfers();
      setEntriesVersion((v) => v + 1);
    },
  });

  const account = accounts?.find((a) => a.id === selected);
  return (
    <div class="area">
      <h1>Wallets</h1>
      <ProblemNotice problem={problem} />
      <div class="columns">
        <section aria-labelledby="accounts-title" class="card">
          <h2 id="accounts-title">Your accounts</h2>
          {accounts === undefined ? <p>Loading…</p> : null}
          {accounts?.length === 0 ? <p>No accounts yet. Open one below.</p> : null}
          <ul class="accounts">
            {(accounts ?? []).map((a) => (
              <li key={a.id}>
                <button type="button" class="account" aria-pressed={a.id === selected} onClick={() => setSelected(a.id)}>
                  <span class="account-name">{a.name}</span>
                  <span class="balance" data-testid={`balance-${a.id}`}>
                    {a.balance} {a.currency}
                  </span>
                  {a.incoming && a.incoming !== '0' && !/^0(\.0+)?$/.test(a.incoming) ? (
                    <span class="incoming">
                      +{a.incoming} {a.currency} incoming
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
          <OpenAccount onOpened={reload} />
        </section>
        {account ? (
          <section aria-labelledby="account-title" class="card">
            <h2 id="account-title">{account.name}</h2>
            <p>
              Account id <code data-testid="account-id">{account.id}</code>
            </p>
            <p class="big">
              <span data-testid="selected-balance">
                {account.balance} {account.currency}
              </span>
            </p>
            <Deposit account={account} onSent={(t) => setTransfers((list) => [t, ...list])} />
            <TransferForm account={account} onSent={(t) => setTransfers((list) => [t, ...list])} />
            <RecentTransfers transfers={transfers} />
            <Entries accountId={account.id} version={entriesVersion} />
          </section>
        ) : null}
      </div>
    </div>
  );
}

function OpenAccount({ onOpened }: { onOpened: () => void }) {
  const { client } = useConsole();
  const [currency, setCurrency] = useState<string>('EUR');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const attempt = useAttempt();
  const id = useId();
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await client.createAccount({ currency, ...(name ? { name } : {}) }, { idempotencyKey: attempt.key(`${currency}|${name}`) });
      attempt.done();
      setName('');
      onOpened();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} class="inline-form" aria-label="Open an account">
      <h3>Open an account</h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-currency`} label="Currency" problem={problem} path="currency">
        {(aria) => (
          <select {...aria} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-name`} label="Account name (optional)" problem={problem} path="name">
        {(aria) => <input {...aria} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        Open account
      </button>
    </form>
  );
}

function Deposit({ account, onSent }: { account: Account; onSent: (t: TransferView) => void }) {
  const { client } = useConsole();
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const attempt = useAttempt();
  const id = useId();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const transfer = await client.deposit(account.id, amount, { idempotencyKey: attempt.key(`${account.id}|${amount}`) });
      attempt.done();
      setAmount('');
      onSent(transfer);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} class="inline-form" aria-label="Deposit">
      <h3>Deposit (sandbox)</h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-amount`} label={`Deposit amount (${account.currency})`} problem={problem} path="amount">
        {(aria) => <input {...aria} inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        Deposit
      </button>
    </form>
  );
}

const STATUS_LABEL: Record<string, string> = { PENDING: 'pending', COMPLETED: 'done', FAILED: 'failed' };

function RecentTransfers({ transfers }: { transfers: TransferView[] }) {
  if (transfers.length === 0) return null;
  return (
    <section aria-labelledby="recent-title">
      <h3 id="recent-title">Sent from this page</h3>
      <ul class="rows">
        {transfers.map((t) => (
          <li key={t.id} data-testid={`transfer-${t.id}`}>
            <span>
              {t.kind} {t.amount} {t.currency}
            </span>
            <span class={`badge badge-${t.status.toLowerCase()}`}>
              {STATUS_LABEL[t.status] ?? t.status}
              {t.failureReason ? ` (${t.failureReason})` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Entries({ accountId, version }: { accountId: string; version: number }) {
  const { client } = useConsole();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | undefined>();
  const load = async (from?: string) => {
    try {
      const page = await client.entries(accountId, { limit: ENTRIES_PER_PAGE, ...(from ? { cursor: from } : {}) });
      setEntries((list) => (from ? [...list, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  // Dependencies: the first page again when the account or its balance changes
  useEffect(() => void load(), [accountId, version]);
  return (
    <section aria-labelledby="entries-title">
      <h3 id="entries-title">Entries</h3>
      <ProblemNotice problem={problem} />
      {entries.length === 0 ? <p>No entries yet.</p> : null}
      <table class="entries">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Kind</th>
            <th scope="col">Amount</th>
            <th scope="col">Balance after</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.createdAt).toLocaleString()}</td>
              <td>{e.kind}</td>
              <td class="num">{e.amount}</td>
              <td class="num">{e.balanceAfter}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor ? (
        <button type="button" class="secondary" onClick={() => void load(cursor)}>
          Load more entries
        </button>
      ) : null}
    </section>
  );
}
