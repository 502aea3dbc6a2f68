/** POST /accounts/{id}/deposits: money enters from outside (the world account); owner only. */
import { httpHandler } from '../../shared/http/handler';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getOwnAccount } from '../../shared/ledger/accounts';
import { MoneyMovementRequestSchema } from '../../shared/ledger/schemas';

export const handler = httpHandler({ body: MoneyMovementRequestSchema }, async ({ body, caller, params, idempotencyKey }) => {
  const account = await getOwnAccount(caller, params.id as string);
  return acceptTransfer({
    caller,
    idempotencyKey,
    request: { route: 'deposit', accountId: account.id, body },
    kind: 'deposit',
    fromAccountId: null,
    toAccountId: account.id,
    participantIds: [account.ownerId],
    amountMinor: parseAmountOrThrow(body.amount, account.currency),
    currency: account.currency,
  });
});
