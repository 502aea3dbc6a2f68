/**
 * Balances and the settle-up plan: the fewest payments that clear every debt. A payment of
 * yours can be paid from here, through a wallet transfer into the receiving account the
 * payee named (the server resolves it: nobody exchanges account ids). Each member names
 * theirs here too.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type { Balances, Group, Problem } from '../../shared/client/evenly-client';
import type { AccountView } from '../../shared/ledger/schemas';
import { AccountSelect } from './account-select';
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
              s.payeeCanReceive ? (
                <PayForm group={group} to={s.to} toName={nameOf(s.to)} amount={s.amount} accounts={accounts} onPaid={onPaid} />
              ) : (
                <span class="hint">{nameOf(s.to)} has not named a receiving account yet.</span>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {accounts.length > 0 ? <ReceivingForm group={group} accounts={accounts} /> : null}
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
    const body = { toUserId: to, amount, fromAccountId: from?.id ?? '' };
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
          <AccountSelect aria={aria} accounts={accounts} value={from?.id ?? ''} onChange={setFrom} empty={`No ${group.currency} account`} />
        )}
      </Field>
      <button type="submit" disabled={busy}>
        Pay {amount} {group.currency}
      </button>
    </form>
  );
}

/** Names the caller's account that settlements to them are paid into. */
function ReceivingForm({ group, accounts }: { group: Group; accounts: AccountView[] }) {
  const { client, toast } = useConsole();
  const [accountId, setAccountId] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const id = useId();
  const chosen = accounts.find((a) => a.id === accountId) ?? accounts[0];
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await client.setReceivingAccount(group.id, chosen?.id ?? '');
      toast(`Settlements to you are paid into ${chosen?.name ?? 'that account'}.`);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form onSubmit={submit} class="inline-form row" aria-label="Receiving account">
      <ProblemNotice problem={problem} />
      <Field id={`${id}-receive`} label="Receive settlements into" problem={problem} path="receivingAccountId">
        {(aria) => <AccountSelect aria={aria} accounts={accounts} value={chosen?.id ?? ''} onChange={setAccountId} />}
      </Field>
      <button type="submit">Use for settlements</button>
    </form>
  );
}
