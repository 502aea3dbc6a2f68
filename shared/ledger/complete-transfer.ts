/** Completing a transfer (deposit, withdrawal, transfer, settlement) with the shared posting loop. */
import { toMinor } from '../domain/money';
import { mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import type { AccountStates } from './accounts';
import { buildPosting, completeCommandUpdate, type Leg, worldShardOf } from './posting';
import { giveUpPosting, type PostingCommand, runPosting } from './run-posting';
import { accountIdsOf, followUpMessages, outcomeEvent, type TransferItem } from './transfers';

function legsOf(t: TransferItem, states: AccountStates): Leg[] {
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

export function transferCommand(transferId: string, expectedAccountIds: readonly string[] = []): PostingCommand<TransferItem> {
  const table = mainTableName();
  const key = keys.transfer(transferId);
  return {
    name: `transfer ${transferId}`,
    key,
    expectedAccountIds,
    isPending: (t) => t.status === 'PENDING',
    accountIds: accountIdsOf,
    posting: (t, states, completedAt) =>
      buildPosting(
        { table, command: key, commandId: t.id, kind: t.kind, currency: t.currency, legs: legsOf(t, states), occurredAt: completedAt },
        completeCommandUpdate(table, key, { status: 'COMPLETED', completedAt }),
      ),
    completed: (t, completedAt) => ({ ...t, status: 'COMPLETED', completedAt }),
    failure: (t, reason, failedAt) => ({
      item: completeCommandUpdate(table, key, { status: 'FAILED', failureReason: reason, failedAt }),
      failed: { ...t, status: 'FAILED', failureReason: reason, failedAt },
    }),
    outcomeEvent,
    followUps: followUpMessages,
  };
}

export const completeTransfer = (transferId: string, expectedAccountIds: readonly string[] = []): Promise<void> =>
  runPosting(transferCommand(transferId, expectedAccountIds));
export const giveUpTransfer = (transferId: string): Promise<void> => giveUpPosting(transferCommand(transferId));
