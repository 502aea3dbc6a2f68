/**
 * The correlation id of the work in hand: the command id (a transfer's, a purchase's, an
 * expense's, …), carried from the HTTP request that accepts a command, through the queue
 * message and its processor, to the outcome event and its push. Every log line written while
 * it is set carries it as `correlation_id` (see logger.ts), so one `correlation_id = "…"`
 * filter in CloudWatch Logs Insights shows a command end to end.
 *
 * An AsyncLocalStorage scope rather than the logger's own keys: one processor invocation
 * handles several messages at once (one per message group), and keys on the shared logger
 * would mix them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Scope {
  id: string | undefined;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `work` with `id` as the correlation id (undefined: set later with `correlateWith`). */
export const withCorrelation = <T>(id: string | undefined, work: () => Promise<T>): Promise<T> => scopes.run({ id }, work);

/** Names the current scope's command once it is known (an HTTP request learns it when it accepts one). */
export function correlateWith(id: string): void {
  const scope = scopes.getStore();
  if (scope) scope.id = id;
}

export const correlationId = (): string | undefined => scopes.getStore()?.id;

const COMMAND_ID_FIELDS = ['commandId', 'transferId', 'purchaseId', 'settlementId', 'expenseId'] as const;

/** A message's or an event's command: its `commandId`, else the id of the command it is about. */
export function commandIdOf(detail: unknown): string | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  for (const field of COMMAND_ID_FIELDS) {
    const value = (detail as Record<string, unknown>)[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
