/** Groups: create, members, expenses with comments, balances and the settle-up plan. */
import { useEffect, useId, useState } from 'preact/hooks';
import type { Balances, Expense, Group, Problem } from '../../shared/client/evenly-client';
import { useAttempt } from './attempt';
import { useConsole } from './context';
import { ExpenseForm } from './expense-form';
import { Expenses } from './expenses';
import { useLive } from './hub';
import { Field, ProblemNotice, problemFrom } from './problems';
import { SettleUp } from './settle-up';
import { CURRENCIES } from './wallets';

type GroupSummary = { id: string; name: string; currency: string; memberCount: number };

export function Groups() {
  const { client } = useConsole();
  const [groups, setGroups] = useState<GroupSummary[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const reload = async () => {
    try {
      const page = await client.listGroups({ limit: 100 });
      setGroups(page.items);
      setSelected((current) => current ?? page.items[0]?.id);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  // Dependencies: read once on entering the area
  useEffect(() => void reload(), []);
  return (
    <div class="area">
      <h1>Groups</h1>
      <ProblemNotice problem={problem} />
      <div class="columns">
        <section class="card" aria-labelledby="groups-title">
          <h2 id="groups-title">Your groups</h2>
          {groups.length === 0 ? <p>No groups yet.</p> : null}
          <ul class="accounts">
            {groups.map((g) => (
              <li key={g.id}>
                <button type="button" class="account" aria-pressed={g.id === selected} onClick={() => setSelected(g.id)}>
                  <span class="account-name">{g.name}</span>
                  <span>
                    {g.memberCount} members · {g.currency}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <NewGroup
            onCreated={(id) => {
              setSelected(id);
              void reload();
            }}
          />
        </section>
        {selected ? <GroupDetail key={selected} groupId={selected} onChanged={reload} /> : null}
      </div>
    </div>
  );
}

function NewGroup({ onCreated }: { onCreated: (id: string) => void }) {
  const { client } = useConsole();
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [problem, setProblem] = useState<Problem | undefined>();
  const attempt = useAttempt();
  const id = useId();
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const group = await client.createGroup({ name, currency }, { idempotencyKey: attempt.key(`${name}|${currency}`) });
      attempt.done();
      setName('');
      onCreated(group.id);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form onSubmit={submit} class="inline-form" aria-label="Create a group">
      <h3>Create a group</h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-name`} label="Group name" problem={problem} path="name">
        {(aria) => <input {...aria} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field id={`${id}-currency`} label="Group currency" problem={problem} path="currency">
        {(aria) => (
          <select {...aria} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit">Create group</button>
    </form>
  );
}

function GroupDetail({ groupId, onChanged }: { groupId: string; onChanged: () => void }) {
  const { client, hub } = useConsole();
  const [group, setGroup] = useState<Group | undefined>();
  const [expenses, setExpenses] = useState<Expense[]>([]);
  const [balances, setBalances] = useState<Balances | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const reload = async () => {
    try {
      const [g, e, b] = await Promise.all([
        client.getGroup(groupId),
        client.listExpenses(groupId, { limit: 25 }),
        client.balances(groupId),
      ]);
      setGroup(g);
      setExpenses(e.items);
      setBalances(b);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  // Dependencies: read when the group is opened
  useEffect(() => void reload(), [groupId]);
  useLive(hub, [`group:${groupId}`], { onPush: () => void reload(), onResync: () => void reload() });
  if (!group) return <ProblemNotice problem={problem} />;
  const nameOf = (userId: string) => group.members.find((m) => m.userId === userId)?.name ?? userId;
  return (
    <section class="card wide" aria-labelledby="group-title">
      <h2 id="group-title">{group.name}</h2>
      <ProblemNotice problem={problem} />
      <h3>Members</h3>
      <ul class="chips">
        {group.members.map((m) => (
          <li key={m.userId}>{m.name}</li>
        ))}
      </ul>
      <AddMember
        groupId={groupId}
        onAdded={() => {
          void reload();
          onChanged();
        }}
      />
      <ExpenseForm group={group} onAdded={reload} />
      <Expenses group={group} expenses={expenses} nameOf={nameOf} />
      {balances ? <SettleUp group={group} balances={balances} nameOf={nameOf} onPaid={reload} /> : null}
    </section>
  );
}

function AddMember({ groupId, onAdded }: { groupId: string; onAdded: () => void }) {
  const { client, toast } = useConsole();
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const id = useId();
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const member = await client.addMember(groupId, email.trim());
      toast(`${member.name} joined the group`, 'success');
      setEmail('');
      onAdded();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form onSubmit={submit} class="inline-form row" aria-label="Add a member">
      <ProblemNotice problem={problem} />
      <Field id={`${id}-email`} label="Add a member by email" problem={problem} path="email">
        {(aria) => <input {...aria} type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
      </Field>
      <button type="submit">Add member</button>
    </form>
  );
}
