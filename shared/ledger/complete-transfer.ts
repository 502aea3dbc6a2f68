/**
 * Completing a transfer: one transaction moves the money (see posting.ts); a business
 * failure ends the transfer FAILED with the reason read from the cancellation; a
 * terminal transfer is never touched again, only its outcome event re-published (a
 * crash between commit and publish must not lose it; consumers are idempotent).
 */
import { createHash } from 'node:crypto';
import { publish } from '../bus/publisher';
import type { TransferFailureReason } from '../domain/ledger';
import { toMinor } from '../domain/money';
import { mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { transactWrite } from '../dynamo/transact';
import { logger } from '../http/logger';
import { readAccountStates } from './accounts';
import { mapCancellation } from './failure';
import { type Leg, buildPosting, completeCommandUpdate, worldShardOf } from './posting';
import { type TransferItem, getTransfer, outcomeEvent } from './transfers';

/** Bound on re-reads when only an account version moved under us. */
export const MAX_VERSION_RETRIES = 10;

function legsOf(t: TransferItem, states: Awaited<ReturnType<typeof readAccountStates>>): Leg[] {
  const amount = toMinor(t.amountMinor);
  const world = (sign: bigint): Leg => ({ type: 'world', shard: worldShardOf(t.id), amount: sign * amount });
  const account = (id: string, sign: bigint, counterparty: string | null): Leg => ({
    type: 'account',
    account: states.get(id) as NonNullable<ReturnType<typeof states.get>>,
    amount: sign * amount,
    counterpartyAccountId: counterparty,
  });
  return [
    t.fromAccountId ? account(t.fromAccountId, -1n, t.toAccountId) : world(-1n),
    t.toAccountId ? account(t.toAccountId, 1n, t.fromAccountId) : world(1n),
  ];
}

async function failTransfer(t: TransferItem, reason: TransferFailureReason): Promise<void> {
  const failedAt = new Date().toISOString();
  const outcome = await transactWrite([
    completeCommandUpdate(mainTableName(), keys.transfer(t.id), { status: 'FAILED', failureReason: reason, failedAt }),
  ]);
  if (outcome.ok) await publish([outcomeEvent({ ...t, status: 'FAILED', failureReason: reason, failedAt })]);
  // Not ok: another delivery finished it first; that one published the outcome.
}

export async function completeTransfer(transferId: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_VERSION_RETRIES; attempt += 1) {
    const transfer = await getTransfer(transferId, true);
    if (!transfer) {
      logger.warn('requested transfer does not exist; ignoring the message', { transferId });
      return;
    }
    if (transfer.status !== 'PENDING') {
      await publish([outcomeEvent(transfer)]);
      return;
    }
    const ids = [transfer.fromAccountId, transfer.toAccountId].filter((id): id is string => id !== null);
    const states = await readAccountStates(ids);
    const completedAt = new Date().toISOString();
    const posting = buildPosting(
      {
        table: mainTableName(),
        command: keys.transfer(transfer.id),
        commandId: transfer.id,
        kind: transfer.kind,
        currency: transfer.currency,
        legs: legsOf(transfer, states),
        occurredAt: completedAt,
      },
      completeCommandUpdate(mainTableName(), keys.transfer(transfer.id), { status: 'COMPLETED', completedAt }),
    );
    // Deterministic per attempt: SDK retries of this very request are deduplicated.
    const token = createHash('sha256')
      .update(`${transfer.id}|${ids.map((id) => states.get(id)?.version).join(',')}|${completedAt}`)
      .digest('hex')
      .slice(0, 36);
    const outcome = await transactWrite(posting.items, { clientRequestToken: token });
    if (outcome.ok) {
      await publish([outcomeEvent({ ...transfer, status: 'COMPLETED', completedAt })]);
      return;
    }
    const mapped = mapCancellation(outcome.cancelled, posting.roles);
    if (mapped.kind === 'failed') return failTransfer(transfer, mapped.reason);
    // 'already-done' loops once more to re-publish; 'retry' re-reads the versions.
  }
  throw new Error(`Transfer ${transferId}: account versions kept moving after ${MAX_VERSION_RETRIES} attempts`);
}
