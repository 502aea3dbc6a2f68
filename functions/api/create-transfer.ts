/**
 * POST /transfers: the caller must own the source account; the destination may be
 * anyone's. A missing destination or a currency mismatch is not decided here: the
 * processor finds it from the transaction's cancellation reasons and the transfer
 * ends FAILED with ACCOUNT_NOT_FOUND or CURRENCY_MISMATCH.
 */
import { assertMayMoveMoney } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { validationError } from '../../shared/http/problem';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { readSourceAndDestination } from '../../shared/ledger/accounts';
import { CreateTransferRequestSchema } from '../../shared/ledger/schemas';

export const handler = httpHandler({ body: CreateTransferRequestSchema }, async ({ body, caller, idempotencyKey }) => {
  assertMayMoveMoney(caller);
  if (body.fromAccountId === body.toAccountId) {
    throw validationError('A transfer needs two different accounts.', [{ path: 'toAccountId', message: 'same as fromAccountId' }]);
  }
  const amountMinor = parseAmountOrThrow(body.amount, body.currency);
  const { from, to } = await readSourceAndDestination(caller, body.fromAccountId, body.toAccountId);
  return acceptTransfer({
    caller,
    idempotencyKey,
    request: { route: 'POST /transfers', body },
    kind: 'transfer',
    fromAccountId: from.id,
    toAccountId: body.toAccountId,
    participantIds: [from.ownerId, ...(to ? [to.ownerId] : [])],
    amountMinor,
    currency: body.currency,
    memo: body.memo ?? null,
  });
});
