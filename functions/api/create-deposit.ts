/**
 * POST /accounts/{id}/deposits: money enters from outside (the world account). Admins may
 * deposit into any account; an owner only into their own and only in sandbox mode, within
 * the daily cap (shared/ledger/sandbox.ts). In production money arrives through the
 * payment provider's webhook (receive-deposit-webhook.ts).
 */
import { httpHandler } from '../../shared/http/handler';
import { HttpProblem } from '../../shared/http/problem';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getVisibleAccount } from '../../shared/ledger/accounts';
import { createDeposit as contract } from '../../shared/ledger/routes';
import { isSandbox, sandboxTotalItem, secondsUntilNextDay } from '../../shared/ledger/sandbox';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const account = await getVisibleAccount(caller, params.id);
  const amountMinor = parseAmountOrThrow(body.amount, account.currency);
  const now = new Date();
  const capped = !caller.isAdmin;
  if (capped && !isSandbox()) {
    throw new HttpProblem(
      'forbidden',
      'Deposits arrive from the payment provider (POST /webhooks/deposits); this deployment is not a sandbox.',
    );
  }
  return acceptTransfer({
    caller,
    idempotencyKey,
    request: requestIdentity,
    kind: 'deposit',
    fromAccountId: null,
    toAccountId: account.id,
    participantIds: [account.ownerId],
    amountMinor,
    currency: account.currency,
    ...(capped
      ? {
          extraItems: [sandboxTotalItem(account.id, account.currency, amountMinor, now)],
          onConflict: () =>
            new HttpProblem('rate-limited', "This account's daily sandbox deposit cap is reached.", {
              headers: { 'retry-after': String(secondsUntilNextDay(now)) },
            }),
        }
      : {}),
  });
});
