/**
 * POST /transfers: the caller must own the source account; the destination may be
 * anyone's. A missing destination or a currency mismatch is not decided here: the
 * processor finds it from the transaction's cancellation reasons and the transfer
 * ends FAILED with ACCOUNT_NOT_FOUND or CURRENCY_MISMATCH.
 */

import { httpHandler } from '../../shared/http/handler';
import { validationError } from '../../shared/http/problem';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { readSourceAndDestination } from '../../shared/ledger/accounts';
import { createTransfer as contract } from '../../shared/ledger/routes';

export const handler = httpHandler(contract, async ({ body, caller, idempotencyKey, requestIdentity }) => {
  if (body.fromAccountId === body.toAccountId) {
    throw validationError('A transfer needs two different accounts.', [{ path: 'toAccountId', message: 'same as fromAccountId' }]);
  }
  const amountMinor = parseAmountOrThrow(body.amount, body.currency);
  const { from, to } = await readSourceAndDestination(caller, body.fromAccountId, body.toAccountId);
  return acceptTransfer({
    caller,
    idempotencyKey,
    request: requestIdentity,
    kind: 'transfer',
    fromAccountId: from.id,
    toAccountId: body.toAccountId,
    participantIds: [from.ownerId, ...(to ? [to.ownerId] : [])],
    amountMinor,
    currency: body.currency,
    memo: body.memo ?? null,
  });
});
