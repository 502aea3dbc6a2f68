/**
 * POST /groups/{id}/settlements → 202: pays a group debt through a real wallet transfer.
 * The group's balances change only when that transfer completes (the group processor
 * reacts to its TransferCompleted); a failed transfer leaves the group untouched.
 */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { getGroupForChange, isMember } from '../../shared/groups/groups';
import { createSettlement as contract } from '../../shared/groups/routes';
import { toSettlementView } from '../../shared/groups/settlements';
import { httpHandler } from '../../shared/http/handler';
import { validationError } from '../../shared/http/problem';
import { buildTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { readSourceAndDestination } from '../../shared/ledger/accounts';
import { newTransferRecord } from '../../shared/ledger/transfers';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const group = await getGroupForChange(caller, params.id);
  if (body.toUserId === caller.userId || !(await isMember(group.id, body.toUserId))) {
    throw validationError('Settle with another member of this group.', [{ path: 'toUserId', message: 'not another member' }]);
  }
  const amountMinor = parseAmountOrThrow(body.amount, group.currency);
  const { from, to } = await readSourceAndDestination(caller, body.fromAccountId, body.toAccountId);
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
  };
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    // The settlement carries the sweeper attributes: a lost send re-sends the transfer request.
    record: { ...keys.settlement(settlementId), type: 'settlement', ...settlement },
    message,
    extraItems: [{ Put: { TableName: mainTableName(), Item: transferRecord, ConditionExpression: 'attribute_not_exists(pk)' } }],
    response: {
      status: 202,
      body: toSettlementView(settlement),
      headers: { location: `/groups/${group.id}/settlements/${settlementId}` },
    },
  });
});
