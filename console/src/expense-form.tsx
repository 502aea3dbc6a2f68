/** Adding an expense: every split mode, with each share previewed as the server will compute it. */
import { useId, useState } from 'preact/hooks';
import type { Group, Problem } from '../../shared/client/evenly-client';
import type { Currency } from '../../shared/domain/money';
import type { SplitType } from '../../shared/domain/splits';
import { useAttempt } from './attempt';
import { useConsole } from './context';
import { Field, ProblemNotice, problemFrom } from './problems';
import { previewShares, requestParticipants } from './split-preview';

const SPLIT_TYPES: { type: SplitType; label: string; valueLabel: string }[] = [
  { type: 'equal', label: 'Equally', valueLabel: '' },
  { type: 'exact', label: 'By exact amounts', valueLabel: 'Amount' },
  { type: 'percent', label: 'By percent', valueLabel: 'Percent' },
  { type: 'shares', label: 'By shares', valueLabel: 'Shares' },
];

export function ExpenseForm({ group, onAdded }: { group: Group; onAdded: () => void }) {
  const { client, session } = useConsole();
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [paidBy, setPaidBy] = useState(session.user.id);
  const [type, setType] = useState<SplitType>('equal');
  const [included, setIncluded] = useState<Record<string, boolean>>({});
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const attempt = useAttempt();
  const id = useId();

  const members = group.members;
  const participants = members
    .map((m, index) => ({ member: m, index }))
    .filter(({ member }) => included[member.userId] ?? true)
    .map(({ member }) => ({ userId: member.userId, value: values[member.userId] ?? '' }));
  const preview = previewShares(amount, group.currency as Currency, type, participants);
  const valueLabel = SPLIT_TYPES.find((s) => s.type === type)?.valueLabel ?? '';
  const nameOf = (userId: string) => members.find((m) => m.userId === userId)?.name ?? userId;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    const body = { description, amount, paidBy, split: { type, participants: requestParticipants(type, participants) } };
    try {
      await client.addExpense(group.id, body, { idempotencyKey: attempt.key(JSON.stringify(body)) });
      attempt.done();
      setDescription('');
      setAmount('');
      setValues({});
      onAdded();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} class="inline-form" aria-label="Add an expense">
      <h3>Add an expense</h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-description`} label="Description" problem={problem} path="description">
        {(aria) => <input {...aria} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
      </Field>
      <Field id={`${id}-amount`} label={`Expense amount (${group.currency})`} problem={problem} path="amount">
        {(aria) => <input {...aria} inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />}
      </Field>
      <Field id={`${id}-paid-by`} label="Paid by" problem={problem} path="paidBy">
        {(aria) => (
          <select {...aria} value={paidBy} onChange={(e) => setPaidBy(e.currentTarget.value)}>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-type`} label="Split" problem={problem} path="split.type">
        {(aria) => (
          <select {...aria} value={type} onChange={(e) => setType(e.currentTarget.value as SplitType)}>
            {SPLIT_TYPES.map((s) => (
              <option key={s.type} value={s.type}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>Participants</legend>
        {members.map((m) => {
          const index = participants.findIndex((p) => p.userId === m.userId);
          const isIn = included[m.userId] ?? true;
          return (
            <div class="participant" key={m.userId}>
              <label class="check">
                <input type="checkbox" checked={isIn} onChange={(e) => setIncluded({ ...included, [m.userId]: e.currentTarget.checked })} />
                {m.name}
              </label>
              {type !== 'equal' && isIn ? (
                <Field
                  id={`${id}-value-${m.userId}`}
                  label={`${valueLabel} for ${m.name}`}
                  problem={problem}
                  path={`split.participants.${index}`}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      inputMode={type === 'shares' ? 'numeric' : 'decimal'}
                      value={values[m.userId] ?? ''}
                      onInput={(e) => setValues({ ...values, [m.userId]: e.currentTarget.value })}
                    />
                  )}
                </Field>
              ) : null}
            </div>
          );
        })}
      </fieldset>
      <section class="preview" aria-labelledby={`${id}-preview`} aria-live="polite">
        <h4 id={`${id}-preview`}>Preview</h4>
        {preview.ok ? (
          <ul>
            {preview.shares.map((s) => (
              <li key={s.userId} data-testid={`preview-${s.userId}`}>
                {nameOf(s.userId)}: <span class="num">{`${s.amount} ${group.currency}`}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="hint">{amount ? `Not yet: ${preview.message}.` : 'Enter an amount to see each share.'}</p>
        )}
      </section>
      {(problem?.errors ?? [])
        .filter((e) => e.path === 'split')
        .map((e) => (
          <p class="field-error" key={e.message}>
            Split: {e.message}
          </p>
        ))}
      <button type="submit" disabled={busy}>
        Add expense
      </button>
    </form>
  );
}
