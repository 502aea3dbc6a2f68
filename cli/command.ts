/** What every command is given, and the helpers commands share to read arguments and report results. */
import { randomUUID } from 'node:crypto';
import type { EvenlyClient } from '../shared/client/evenly-client';
import type { Flags } from './args';
import { EXIT, type ExitCode, exitCodeAfterWait } from './exit-codes';
import { type Output, withSpinner } from './output';

export interface CommandContext {
  readonly apiUrl: string;
  readonly client: EvenlyClient;
  readonly args: string[];
  readonly flags: Flags;
  readonly out: Output;
}

export interface Command {
  readonly usage: string;
  /** A second line of help, indented under the usage. */
  readonly note?: string;
  /** Resolves with the exit code when it is not plain success (see exit-codes.ts). */
  run(context: CommandContext): Promise<ExitCode | undefined>;
}

export function need(context: CommandContext, name: string): string {
  const value = context.flags[name];
  if (typeof value !== 'string' || value === '') throw new Error(`--${name} is required`);
  return value;
}

export function arg(context: CommandContext, index: number, name: string): string {
  const value = context.args[index];
  if (!value) throw new Error(`<${name}> is required`);
  return value;
}

export const listOptions = (c: CommandContext) => ({
  ...(typeof c.flags.limit === 'string' ? { limit: Number(c.flags.limit) } : {}),
  ...(typeof c.flags.cursor === 'string' ? { cursor: c.flags.cursor } : {}),
});

/** Commands that move money send an idempotency key, so a retried command never runs twice. */
export const once = () => ({ idempotencyKey: randomUUID() });

/** How long --wait polls before giving up (exit code 4: the command may still complete). */
const WAIT_TIMEOUT_MS = 60_000;

/**
 * Prints what an async command answered; with --wait, what it became. The exit code says
 * how it ended, so a script notices a FAILED transfer; --json prints the same resource.
 */
export async function report<T extends { id: string; status: string }>(
  c: CommandContext,
  accepted: T,
  get: (id: string) => Promise<T>,
  line: (value: T) => string,
): Promise<ExitCode> {
  if (!c.flags.wait) {
    c.out.print(accepted, line);
    return EXIT.ok;
  }
  const final = await withSpinner(
    'waiting for completion…',
    c.client.waitFor(
      () => get(accepted.id),
      (t) => t.status !== 'PENDING',
      WAIT_TIMEOUT_MS,
    ),
  );
  c.out.print(final, line);
  const code = exitCodeAfterWait(final.status);
  if (code === EXIT.stillPending) console.error(`Still PENDING after ${WAIT_TIMEOUT_MS / 1000} s; it may complete later.`);
  return code;
}

export const moneyLine = (t: {
  id: string;
  kind?: string | undefined;
  status: string;
  amount?: string | undefined;
  total?: string | undefined;
  currency: string;
  failureReason?: string | undefined;
}) => `${t.kind ?? 'purchase'} ${t.id}: ${t.status}${t.failureReason ? ` (${t.failureReason})` : ''} ${t.amount ?? t.total} ${t.currency}`;
