/** POST /accounts/{id}/withdrawals: money leaves to the world account; fails with INSUFFICIENT_FUNDS when short. */

import { httpHandler } from '../../shared/http/handler';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getOwnAccount } from '../../shared/ledger/accounts';
import { createWithdrawal as contract } from '../../shared/ledger/routes';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const account = await getOwnAccount(caller, params.id);
  return acceptTransfer({
    caller,
    idempotencyKey,
    request: requestIdentity,
    kind: 'withdrawal',
    fromAccountId: account.id,
    toAccountId: null,
    participantIds: [account.ownerId],
    amountMinor: parseAmountOrThrow(body.amount, account.currency),
    currency: account.currency,
  });
});
