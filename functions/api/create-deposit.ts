/**
 * POST /accounts/{id}/deposits: money enters from outside (the world account). Admins may
 * deposit into any account; an owner only into their own and only in sandbox mode, within
 * the daily cap (shared/ledger/sandbox.ts). In production money arrives through the
 * payment provider's webhook (receive-deposit-webhook.ts).
 */
import { assertMayMoveMoney } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { HttpProblem } from '../../shared/http/problem';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getVisibleAccount } from '../../shared/ledger/accounts';
import { isSandbox, sandboxTotalItem, secondsUntilNextDay } from '../../shared/ledger/sandbox';
import { MoneyMovementRequestSchema } from '../../shared/ledger/schemas';

export const handler = httpHandler({ body: MoneyMovementRequestSchema }, async ({ body, caller, params, idempotencyKey }) => {
  assertMayMoveMoney(caller);
  const account = await getVisibleAccount(caller, params.id as string);
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
    request: { route: 'deposit', accountId: account.id, body },
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
