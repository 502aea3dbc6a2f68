/**
 * Balances and the settle-up plan: the fewest payments that clear every debt. A payment of
 * yours can be paid from here, through a wallet transfer to the payee's account.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type { Balances, Group, Problem } from '../../shared/client/evenly-client';
import type { AccountView } from '../../shared/ledger/schemas';
import { useAttempt } from './attempt';
import { useConsole } from './context';
import { Field, ProblemNotice, problemFrom } from './problems';

interface Props {
  group: Group;
  balances: Balances;
  nameOf: (userId: string) => string;
  onPaid: () => void;
}

export function SettleUp({ group, balances, nameOf, onPaid }: Props) {
  const { client, session } = useConsole();
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  // Dependencies: the caller's accounts, read once per group
  useEffect(() => {
    client
      .listAccounts({ limit: 100 })
      .then((page) => setAccounts(page.items.filter((a) => a.currency === group.currency)))
      .catch(() => setAccounts([]));
  }, [group.id]);
  return (
    <section aria-labelledby="balances-title">
      <h3 id="balances-title">Balances</h3>
      <ul class="rows">
        {balances.balances.map((b) => (
          <li key={b.userId} data-testid={`net-${b.userId}`}>
            <span>{nameOf(b.userId)}</span>
            <span class="num">
              {b.net.startsWith('-') ? b.net : `+${b.net}`} {group.currency}
            </span>
          </li>
        ))}
      </ul>
      <h3>Settle up</h3>
      {balances.settlements.length === 0 ? <p>Everyone is settled up.</p> : null}
      <ul class="plan">
        {balances.settlements.map((s) => (
          <li key={`${s.from}-${s.to}`} data-testid={`plan-${s.from}-${s.to}`}>
            <span>
              {nameOf(s.from)} pays {nameOf(s.to)} {s.amount} {group.currency}
            </span>
            {s.from === session.user.id ? (
              <PayForm group={group} to={s.to} toName={nameOf(s.to)} amount={s.amount} accounts={accounts} onPaid={onPaid} />
            ) : null}
          </li>
        ))}
      </ul>
      {accounts.length > 0 ? (
        <p class="hint">
          To be paid, give the payer your {group.currency} account id:{' '}
          {accounts.map((a) => (
            <code key={a.id}>{a.id} </code>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function PayForm({
  group,
  to,
  toName,
  amount,
  accounts,
  onPaid,
}: {
  group: Group;
  to: string;
  toName: string;
  amount: string;
  accounts: AccountView[];
  onPaid: () => void;
}) {
  const { client, toast } = useConsole();
  const [fromAccountId, setFrom] = useState('');
  const [toAccountId, setToAccount] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const attempt = useAttempt();
  const id = useId();
  const from = accounts.find((a) => a.id === fromAccountId) ?? accounts[0];
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    const body = {
      toUserId: to,
      amount,
      fromAccountId: from?.id ?? '',
      // Required by the route's body schema (an empty one is answered as a field problem).
      toAccountId: toAccountId.trim(),
    };
    try {
      await client.settle(group.id, body, { idempotencyKey: attempt.key(JSON.stringify(body)) });
      attempt.done();
      toast(`Paying ${toName} ${amount} ${group.currency}…`);
      onPaid();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} class="inline-form row" aria-label={`Pay ${toName}`}>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-from`} label="Pay from" problem={problem} path="fromAccountId">
        {(aria) => (
          <select {...aria} value={from?.id ?? ''} onChange={(e) => setFrom(e.currentTarget.value)}>
            {accounts.length === 0 ? <option value="">No {group.currency} account</option> : null}
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.balance} {a.currency})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-to`} label={`${toName}'s account id`} problem={problem} path="toAccountId">
        {(aria) => <input {...aria} value={toAccountId} onInput={(e) => setToAccount(e.currentTarget.value)} autocomplete="off" />}
      </Field>
      <button type="submit" disabled={busy}>
        Pay {amount} {group.currency}
      </button>
    </form>
  );
}
