/**
 * POST /webhooks/deposits: the payment provider tells us money arrived for an account.
 * No bearer: the `evenly-signature` header (HMAC-SHA256 over `<t>.<raw body>`, shared/webhooks/)
 * authenticates it, and a `t` more than 5 minutes off is refused, so a captured request
 * cannot be replayed later. Idempotent by the provider's event id (the contract's key field):
 * a repeat is answered like the first and writes nothing. The deposit then goes through the
 * normal pipeline.
 */

import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Caller } from '../../shared/http/caller';
import { clientAddressOf } from '../../shared/http/client-address';
import { httpHandler } from '../../shared/http/handler';
import { notFound, unauthorized, validationError } from '../../shared/http/problem';
import { limitByAddress } from '../../shared/http/rate-limit';
import { acceptTransfer, parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getAccount } from '../../shared/ledger/accounts';
import { receiveDepositWebhook as contract } from '../../shared/ledger/routes';
import { logger } from '../../shared/observability/logger';
import { webhookSecrets } from '../../shared/webhooks/secret';
import { SIGNATURE_HEADER, verifySignature } from '../../shared/webhooks/signature';

/** Who a webhook deposit is initiated by: the provider, never a user (its idempotency records are its own). */
const PROVIDER: Caller = { userId: 'payment-provider', roles: [], isAdmin: false, emailVerified: true };
/** Providers retry for days; a repeat must stay a repeat for longer than any retry schedule. */
const EVENT_ID_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The signature over the raw body, before the body is validated: an unsigned call learns nothing of its shape. */
async function authenticate(event: APIGatewayProxyEvent): Promise<void> {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const check = verifySignature(event.headers?.[SIGNATURE_HEADER], raw, await webhookSecrets(), Math.floor(Date.now() / 1000));
  if (!check.ok) {
    logger.warn('deposit webhook refused', { reason: check.reason, sourceIp: clientAddressOf(event) });
    throw unauthorized('The evenly-signature header is missing, stale or does not match the body.');
  }
  // After the signature (a cheap check that writes nothing): only the provider's calls are counted.
  await limitByAddress(event, 'webhook');
}

export const handler = httpHandler(
  contract,
  async ({ body, idempotencyKey, requestIdentity }) => {
    const account = await getAccount(body.accountId, true);
    if (!account) throw notFound('account');
    if (account.currency !== body.currency) {
      throw validationError('The currency is not the account currency.', [
        { path: 'currency', message: `the account holds ${account.currency}` },
      ]);
    }
    return acceptTransfer({
      caller: PROVIDER,
      idempotencyKey,
      idempotencyTtlSeconds: EVENT_ID_TTL_SECONDS,
      request: requestIdentity,
      kind: 'deposit',
      fromAccountId: null,
      toAccountId: account.id,
      participantIds: [account.ownerId],
      amountMinor: parseAmountOrThrow(body.amount, account.currency),
      currency: account.currency,
    });
  },
  { authenticate },
);
