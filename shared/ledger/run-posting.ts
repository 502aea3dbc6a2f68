/**
 * The processing loop every money-moving command shares (transfers, purchases):
 * read the command; a terminal one only has its outcome re-published (a crash between
 * commit and publish must not lose it; consumers are idempotent); otherwise read the
 * accounts' versions, run the one posting transaction, and map a cancellation to a
 * business failure, a retry (only a version moved) or "already done".
 */
import { createHash } from 'node:crypto';
import type { DomainEvent, OutgoingMessage } from '../../events/contract';
import { backoff } from '../aws/backoff';
import { publish } from '../bus/publisher';
import { sendMessages } from '../bus/queues';
import type { Key } from '../dynamo/keys';
import { type TransactItem, transactWrite } from '../dynamo/transact';
import { logger } from '../http/logger';
import { type AccountStates, readWithAccounts } from './accounts';
import { mapCancellation } from './failure';
import type { Posting } from './posting';

/** Bound on re-reads when only an account version moved under us. */
export const MAX_VERSION_RETRIES = 10;
/**
 * First pause before re-reading after a version moved; it doubles per attempt up to
 * 2^6 × this, so a popular recipient's concurrent credits spread out instead of
 * colliding again at once (FIFO order only holds per debited account).
 */
const VERSION_RETRY_BASE_MS = 10;

export interface PostingCommand<T> {
  readonly name: string;
  /** The command's item; read (consistently) together with its accounts. */
  readonly key: Key;
  /**
   * The accounts the requested event names: read in the same BatchGetItem as the command.
   * Only a hint: the command's own `accountIds` decide, and are re-read if they differ.
   */
  readonly expectedAccountIds?: readonly string[];
  isPending(command: T): boolean;
  accountIds(command: T): string[];
  posting(command: T, states: AccountStates, occurredAt: string): Posting;
  /** The command as it is once completed (for its outcome event). */
  completed(command: T, occurredAt: string): T;
  /** The transaction that marks it FAILED (conditioned on PENDING), and the command as failed. */
  failure(command: T, reason: string, occurredAt: string): { item: TransactItem; failed: T };
  outcomeEvent(command: T): DomainEvent;
  /** Messages a terminal command hands to other aggregates (sent again with every re-publication). */
  followUps?(command: T): OutgoingMessage[];
  /** Maps a failed extra item (e.g. the product's stock condition) to a failure reason. */
  extraFailure?(index: number, item: Record<string, unknown> | undefined): string;
}

/** Tells the world a command ended: its outcome event on the bus, its follow-ups to their queues. */
async function announce<T>(command: PostingCommand<T>, ended: T): Promise<void> {
  await Promise.all([publish([command.outcomeEvent(ended)]), sendMessages(command.followUps?.(ended) ?? [])]);
}

export async function runPosting<T>(command: PostingCommand<T>): Promise<void> {
  let expected = command.expectedAccountIds ?? [];
  for (let attempt = 1; attempt <= MAX_VERSION_RETRIES; attempt += 1) {
    const read = await readWithAccounts(command.key, expected);
    const current = read.item as T | undefined;
    if (!current) {
      logger.warn('requested command does not exist; ignoring the message', { command: command.name });
      return;
    }
    if (!command.isPending(current)) {
      await announce(command, current);
      return;
    }
    const ids = command.accountIds(current);
    expected = ids;
    const states = ids.every((id) => read.states.has(id)) ? read.states : (await readWithAccounts(undefined, ids)).states;
    const occurredAt = new Date().toISOString();
    const posting = command.posting(current, states, occurredAt);
    // Deterministic per attempt, so SDK retries of this very request are deduplicated.
    const token = createHash('sha256')
      .update(`${command.name}|${ids.map((id) => states.get(id)?.version).join(',')}|${occurredAt}`)
      .digest('hex')
      .slice(0, 36);
    const outcome = await transactWrite(posting.items, { clientRequestToken: token });
    if (outcome.ok) {
      await announce(command, command.completed(current, occurredAt));
      return;
    }
    const mapped = mapCancellation(outcome.cancelled, posting.roles);
    const reason =
      mapped.kind === 'failed' ? mapped.reason : mapped.kind === 'extra' ? command.extraFailure?.(mapped.index, mapped.item) : undefined;
    if (reason) {
      const { item, failed } = command.failure(current, reason, occurredAt);
      // Not ok: another delivery finished it first, and that one published the outcome.
      if ((await transactWrite([item])).ok) await announce(command, failed);
      return;
    }
    // 'already-done' loops once more to re-publish; 'retry' re-reads the versions, after a pause.
    if (mapped.kind === 'retry') await backoff(Math.min(attempt, 6), VERSION_RETRY_BASE_MS);
  }
  throw new Error(`${command.name}: account versions kept moving after ${MAX_VERSION_RETRIES} attempts`);
}

/** The last delivery failed: the command ends FAILED with PROCESSING_ERROR (if still PENDING). */
export async function giveUpPosting<T>(command: PostingCommand<T>): Promise<void> {
  const current = (await readWithAccounts(command.key, [])).item as T | undefined;
  if (!current || !command.isPending(current)) return;
  const { item, failed } = command.failure(current, 'PROCESSING_ERROR', new Date().toISOString());
  if ((await transactWrite([item])).ok) await announce(command, failed);
}
