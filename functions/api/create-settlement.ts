/**
 * POST /groups/{id}/settlements → 202: pays a group debt through a real wallet transfer.
 * The group's balances change only when that transfer completes (the group processor
 * reacts to its TransferCompleted); a failed transfer leaves the group untouched.
 * Without toAccountId the payee's receiving account is used (409 when they named none);
 * more than the payer owes the payee in the group's nets is 400, naming the most. The
 * amount is held on the group item in the same transaction as the command (conditioned on
 * what was read), so settlements sent at once are bounded together, never each alone.
 */

import { ulid } from 'ulid';
import { acceptCommand, earlierAnswer } from '../../shared/commands/accept';
import { maxSettlementMinor } from '../../shared/domain/group-nets';
import { formatAmount, toMinor } from '../../shared/domain/money';
import { mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { GroupVersionMoved, retryOnGroupVersion } from '../../shared/groups/apply';
import { type GroupItem, getGroupForChange, getMember } from '../../shared/groups/groups';
import { createSettlement as contract } from '../../shared/groups/routes';
import type { CreateSettlementRequest } from '../../shared/groups/schemas';
import { settlingOf, settlingUpdate, toSettlementView } from '../../shared/groups/settlements';
import type { Caller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { conflict, validationError } from '../../shared/http/problem';
import { buildTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { readSourceAndDestination } from '../../shared/ledger/accounts';
import { newTransferRecord } from '../../shared/ledger/transfers';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const command = { caller, body, idempotencyKey, requestIdentity };
  return retryOnGroupVersion(async () => {
    const group = await getGroupForChange(caller, params.id);
    // After the group is read: a hold and its request's idempotency record are written together,
    // so a hold already seen comes with the answer that request was given.
    const earlier = await earlierAnswer(caller.userId, idempotencyKey, requestIdentity);
    return earlier ?? settle(group, command);
  });
});

interface SettleCommand {
  readonly caller: Caller;
  readonly body: CreateSettlementRequest;
  readonly idempotencyKey: string | undefined;
  /** The contract's identity of this request (shared/groups/routes.ts). */
  readonly requestIdentity: Record<string, unknown> | undefined;
}

async function settle(group: GroupItem, { caller, body, idempotencyKey, requestIdentity }: SettleCommand) {
  const payee = body.toUserId === caller.userId ? undefined : await getMember(group.id, body.toUserId);
  if (!payee) throw validationError('Settle with another member of this group.', [{ path: 'toUserId', message: 'not another member' }]);
  const amountMinor = parseAmountOrThrow(body.amount, group.currency);
  // Nets as they will be once every settlement already on its way has landed.
  const [payerHeld, payeeHeld] = [settlingOf(group, caller.userId), settlingOf(group, payee.userId)];
  const maxMinor = maxSettlementMinor(
    toMinor(group.nets?.[caller.userId] ?? 0) + payerHeld,
    toMinor(group.nets?.[payee.userId] ?? 0) + payeeHeld,
  );
  if (amountMinor > maxMinor) {
    const max = `${formatAmount(maxMinor, group.currency)} ${group.currency}`;
    const inFlight = payerHeld > 0n ? ` (${formatAmount(payerHeld, group.currency)} ${group.currency} you sent is still on its way)` : '';
    throw validationError(`You owe ${payee.name} at most ${max} in this group${inFlight}; settle no more than that.`, [
      { path: 'amount', message: `at most ${max}` },
    ]);
  }
  const toAccountId = body.toAccountId ?? payee.receivingAccountId;
  if (!toAccountId) throw conflict(`${payee.name} has not named a receiving account for ${group.currency} in this group yet.`);
  const { from, to } = await readSourceAndDestination(caller, body.fromAccountId, toAccountId);
  if (!to || to.ownerId !== body.toUserId) {
    throw validationError('toAccountId must be an account of toUserId.', [{ path: 'toAccountId', message: 'not an account of toUserId' }]);
  }
  if (from.currency !== group.currency || to.currency !== group.currency) {
    throw validationError(`Both accounts must hold the group currency ${group.currency}.`, [
      { path: 'fromAccountId', message: 'currency differs' },
    ]);
  }
  const settlementId = ulid();
  const transfer = buildTransfer({
    caller,
    idempotencyKey,
    request: {},
    kind: 'settlement',
    fromAccountId: from.id,
    toAccountId: to.id,
    participantIds: [caller.userId, body.toUserId],
    amountMinor,
    currency: group.currency,
    memo: `Settlement in ${group.name}`,
    groupId: group.id,
    settlementId,
  });
  const { record: transferRecord, message } = newTransferRecord(transfer);
  const settlement = {
    id: settlementId,
    groupId: group.id,
    fromUserId: caller.userId,
    toUserId: body.toUserId,
    amountMinor,
    currency: group.currency,
    transferId: transfer.id,
    status: 'PENDING' as const,
    createdAt: transfer.createdAt,
    reserved: true,
  };
  const hold = settlingUpdate(caller.userId, payee.userId, amountMinor);
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    // The settlement carries the sweeper attributes: a lost send re-sends the transfer request.
    record: { ...keys.settlement(settlementId), type: 'settlement', ...settlement },
    message,
    extraItems: [
      { Put: { TableName: mainTableName(), Item: transferRecord, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          TableName: mainTableName(),
          Key: keys.group(group.id),
          UpdateExpression: `SET ${hold.set}`,
          // The nets and holds read above are still the group's: else read again and decide again.
          // (The counts beside the holds move by relative updates and bound nothing, so need no condition.)
          ConditionExpression:
            'version = :v AND (attribute_not_exists(#sf) OR #sf = :heldF) AND (attribute_not_exists(#st) OR #st = :heldT)',
          ExpressionAttributeNames: hold.names,
          ExpressionAttributeValues: { ...hold.values, ':v': Number(group.version), ':heldF': payerHeld, ':heldT': payeeHeld },
        },
      },
    ],
    onConflict: () => new GroupVersionMoved(group.id),
    response: {
      status: 202,
      body: toSettlementView(settlement),
      headers: { location: `/groups/${group.id}/settlements/${settlementId}` },
    },
  });
}
