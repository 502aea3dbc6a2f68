/** The wallet picker of every form that pays from or into an account: name, balance and currency per option. */
import type { JSX } from 'preact';
import type { AccountView } from '../../shared/ledger/schemas';

interface Props {
  /** The field's id and aria attributes, as `Field` hands them to its control. */
  readonly aria: JSX.HTMLAttributes<HTMLSelectElement>;
  readonly accounts: readonly AccountView[];
  readonly value: string;
  readonly onChange: (accountId: string) => void;
  /** Shown as the only option when there is no account to choose, e.g. "No EUR account". */
  readonly empty?: string;
}

export function AccountSelect({ aria, accounts, value, onChange, empty }: Props) {
  return (
    <select {...aria} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {accounts.length === 0 && empty ? <option value="">{empty}</option> : null}
      {accounts.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name} ({a.balance} {a.currency})
        </option>
      ))}
    </select>
  );
}
