/**
 * API problems on screen: the problem's title and detail at the top of the form, and each of
 * its `errors[]` next to the control its `path` names (`amount`, `split.participants.0.percent`).
 */
import type { ComponentChildren } from 'preact';
import { EvenlyApiError, type Problem } from '../../shared/client/evenly-client';

export function problemFrom(error: unknown): Problem {
  if (error instanceof EvenlyApiError) return error.problem;
  return { type: 'network', title: 'The API could not be reached', status: 0, detail: (error as Error)?.message ?? String(error) };
}

/** The messages of a problem's errors whose path is `path` (or lies under it). */
export function errorsAt(problem: Problem | undefined, path: string): string[] {
  return (problem?.errors ?? []).filter((e) => e.path === path || e.path.startsWith(`${path}.`)).map((e) => e.message);
}

export function ProblemNotice({ problem, id }: { problem: Problem | undefined; id?: string }) {
  if (!problem) return null;
  return (
    <div class="problem" role="alert" id={id}>
      <strong>{problem.title}</strong>
      {problem.detail ? <span> {problem.detail}</span> : null}
    </div>
  );
}

/** A labelled control with its problem messages tied to it (aria-describedby, aria-invalid). */
export function Field(props: {
  id: string;
  label: string;
  problem: Problem | undefined;
  path: string;
  hint?: string;
  children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const messages = errorsAt(props.problem, props.path);
  const described = [props.hint ? `${props.id}-hint` : '', messages.length ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${messages.length ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.children({ id: props.id, 'aria-invalid': messages.length > 0, ...(described ? { 'aria-describedby': described } : {}) })}
      {props.hint ? (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      ) : null}
      {messages.length ? (
        <small id={`${props.id}-error`} class="field-error">
          {messages.join('; ')}
        </small>
      ) : null}
    </div>
  );
}
