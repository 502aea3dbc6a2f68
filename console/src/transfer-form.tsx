/**
 * A transfer in two steps: fill in, then confirm what will be sent. The attempt's
 * idempotency key is made at the review and kept through the confirmation and any retry of
 * it; editing the transfer starts a new attempt. The confirm button is disabled while the
 * request is out, and even a second request would carry the same key.
 */
import { useId, useState } from 'preact/hooks';
import type { Problem } from '../../shared/client/evenly-client';
import type { AccountView, TransferView } from '../../shared/ledger/schemas';
import { useAttempt } from './attempt';
import { useConsole } from './context';
import { Field, ProblemNotice, problemFrom } from './problems';

export function TransferForm({ account, onSent }: { account: AccountView; onSent: (t: TransferView) => void }) {
  const { client } = useConsole();
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [memo, setMemo] = useState('');
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const attempt = useAttempt();
  const id = useId();
  const what = `${account.id}|${to}|${amount}|${memo}`;

  const review = (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    attempt.key(what);
    setStep('confirm');
  };
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const transfer = await client.transfer(
        { fromAccountId: account.id, toAccountId: to.trim(), amount, currency: account.currency, ...(memo ? { memo } : {}) },
        { idempotencyKey: attempt.key(what) },
      );
      attempt.done();
      setTo('');
      setAmount('');
      setMemo('');
      setStep('edit');
      onSent(transfer);
    } catch (error) {
      const found = problemFrom(error);
      setProblem(found);
      // A refused transfer goes back to editing (the fields show why); a lost answer may be retried as is.
      if (found.status >= 400 && found.status < 500) setStep('edit');
    } finally {
      setBusy(false);
    }
  };

  if (step === 'confirm') {
    return (
      <section class="inline-form confirm" aria-labelledby={`${id}-confirm`}>
        <h3 id={`${id}-confirm`}>Confirm the transfer</h3>
        <ProblemNotice problem={problem} />
        <p>
          Send <strong>{`${amount} ${account.currency}`}</strong> from {account.name} to <code>{to}</code>
          {memo ? ` (“${memo}”)` : ''}?
        </p>
        <div class="buttons">
          <button type="button" onClick={() => void confirm()} disabled={busy}>
            {problem ? 'Try again' : 'Confirm transfer'}
          </button>
          <button type="button" class="secondary" onClick={() => setStep('edit')} disabled={busy}>
            Edit
          </button>
        </div>
      </section>
    );
  }
  return (
    <form onSubmit={review} class="inline-form" aria-label="Send money">
      <h3>Send money</h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-to`} label="To account id" problem={problem} path="toAccountId">
        {(aria) => <input {...aria} value={to} onInput={(e) => setTo(e.currentTarget.value)} autocomplete="off" />}
      </Field>
      <Field id={`${id}-amount`} label={`Amount to send (${account.currency})`} problem={problem} path="amount">
        {(aria) => <input {...aria} inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />}
      </Field>
      <Field id={`${id}-memo`} label="Memo (optional)" problem={problem} path="memo">
        {(aria) => <input {...aria} value={memo} maxLength={140} onInput={(e) => setMemo(e.currentTarget.value)} />}
      </Field>
      <button type="submit">Review transfer</button>
    </form>
  );
}
