/** POST /accounts/{id}/deposits: money enters from outside (the world account); owner only. */

import { httpHandler } from '../../shared/http/handler';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getOwnAccount } from '../../shared/ledger/accounts';
import { createDeposit as contract } from '../../shared/ledger/routes';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const account = await getOwnAccount(caller, params.id);
  return acceptTransfer({
    caller,
    idempotencyKey,
    request: requestIdentity,
    kind: 'deposit',
    fromAccountId: null,
    toAccountId: account.id,
    participantIds: [account.ownerId],
    amountMinor: parseAmountOrThrow(body.amount, account.currency),
    currency: account.currency,
  });
});
