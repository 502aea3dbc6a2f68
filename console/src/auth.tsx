/** Sign up and sign in. */
import { useId, useState } from 'preact/hooks';
import type { Problem } from '../../shared/client/evenly-client';
import { Field, ProblemNotice, problemFrom } from './problems';
import type { SessionStore } from './session';

export function SignIn({ store }: { store: SessionStore }) {
  const [mode, setMode] = useState<'in' | 'up'>('in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const session =
        mode === 'up' ? await store.anonymous.register({ email, password, name }) : await store.anonymous.login({ email, password });
      store.signedIn(session);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card narrow" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{mode === 'up' ? 'Create your Evenly account' : 'Sign in to Evenly'}</h1>
      <form onSubmit={submit} noValidate>
        <ProblemNotice problem={problem} />
        {mode === 'up' ? (
          <Field id={`${id}-name`} label="Name" problem={problem} path="name">
            {(aria) => <input {...aria} autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />}
          </Field>
        ) : null}
        <Field id={`${id}-email`} label="Email" problem={problem} path="email">
          {(aria) => (
            <input {...aria} type="email" autocomplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required />
          )}
        </Field>
        <Field
          id={`${id}-password`}
          label="Password"
          problem={problem}
          path="password"
          {...(mode === 'up' ? { hint: 'At least 10 characters.' } : {})}
        >
          {(aria) => (
            <input
              {...aria}
              type="password"
              autocomplete={mode === 'up' ? 'new-password' : 'current-password'}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
              required
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {mode === 'up' ? 'Sign up' : 'Sign in'}
        </button>
      </form>
      <p>
        {mode === 'up' ? 'Already have an account? ' : 'New to Evenly? '}
        <button
          type="button"
          class="link"
          onClick={() => {
            setMode(mode === 'up' ? 'in' : 'up');
            setProblem(undefined);
          }}
        >
          {mode === 'up' ? 'Sign in instead' : 'Create an account'}
        </button>
      </p>
    </section>
  );
}
