/** POST /accounts/{id}/withdrawals: money leaves to the world account; fails with INSUFFICIENT_FUNDS when short. */
import { assertMayMoveMoney } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getOwnAccount } from '../../shared/ledger/accounts';
import { MoneyMovementRequestSchema } from '../../shared/ledger/schemas';

export const handler = httpHandler({ body: MoneyMovementRequestSchema }, async ({ body, caller, params, idempotencyKey }) => {
  assertMayMoveMoney(caller);
  const account = await getOwnAccount(caller, params.id as string);
  return acceptTransfer({
    caller,
    idempotencyKey,
    request: { route: 'withdrawal', accountId: account.id, body },
    kind: 'withdrawal',
    fromAccountId: account.id,
    toAccountId: null,
    participantIds: [account.ownerId],
    amountMinor: parseAmountOrThrow(body.amount, account.currency),
    currency: account.currency,
  });
});
