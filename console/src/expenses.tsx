/** A group's expenses with their stored shares, and each expense's comments. */
import { useId, useState } from 'preact/hooks';
import type { Comment, Expense, Group, Problem } from '../../shared/client/evenly-client';
import { useConsole } from './context';
import { Field, ProblemNotice, problemFrom } from './problems';

export function Expenses({ group, expenses, nameOf }: { group: Group; expenses: Expense[]; nameOf: (userId: string) => string }) {
  return (
    <section aria-labelledby="expenses-title">
      <h3 id="expenses-title">Expenses</h3>
      {expenses.length === 0 ? <p>No expenses yet.</p> : null}
      <ul class="expenses">
        {expenses.map((e) => (
          <li key={e.id} data-testid={`expense-${e.id}`}>
            <div class="expense-head">
              <strong>{e.description}</strong>
              <span class="num">
                {e.amount} {e.currency}
              </span>
              <span class={`badge badge-${e.status.toLowerCase()}`}>{e.status.toLowerCase()}</span>
            </div>
            <p class="hint">
              Paid by {typeof e.paidBy === 'string' ? nameOf(e.paidBy) : e.paidBy.map((p) => `${nameOf(p.userId)} ${p.amount}`).join(', ')},
              split {e.split.type}
              {e.original ? ` (paid ${e.original.amount} ${e.original.currency} at ${e.original.rate})` : ''}
              {e.failureReason ? ` (${e.failureReason})` : ''}
            </p>
            <ul class="shares">
              {e.shares.map((s) => (
                <li key={s.userId} data-testid={`share-${e.id}-${s.userId}`}>
                  {nameOf(s.userId)}: <span class="num">{`${s.amount} ${e.currency}`}</span>
                </li>
              ))}
            </ul>
            <Comments group={group} expense={e} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Comments({ group, expense }: { group: Group; expense: Expense }) {
  const { client } = useConsole();
  const [open, setOpen] = useState(false);
  const [comments, setComments] = useState<Comment[]>([]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const id = useId();
  const load = async () => {
    try {
      setComments((await client.comments(group.id, expense.id, { limit: 50 })).items);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  const toggle = () => {
    if (!open) void load();
    setOpen(!open);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await client.comment(group.id, expense.id, text);
      setText('');
      await load();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <div class="comments">
      <button type="button" class="link" aria-expanded={open} aria-controls={`${id}-comments`} onClick={toggle}>
        {open ? 'Hide comments' : 'Comments'}
      </button>
      {open ? (
        <div id={`${id}-comments`}>
          <ul>
            {comments.map((c) => (
              <li key={c.id}>
                <strong>{group.members.find((m) => m.userId === c.authorId)?.name ?? 'Someone'}:</strong> {c.text}
              </li>
            ))}
          </ul>
          <form onSubmit={submit} class="inline-form row" aria-label={`Comments on ${expense.description}`}>
            <ProblemNotice problem={problem} />
            <Field id={`${id}-text`} label={`Comment on ${expense.description}`} problem={problem} path="text">
              {(aria) => <input {...aria} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
            </Field>
            <button type="submit">Post comment</button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
