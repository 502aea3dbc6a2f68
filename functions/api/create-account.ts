/** POST /accounts: a new wallet with balance 0 (idempotent with an idempotency-key). */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { keys, lists } from '../../shared/dynamo/keys';
import { httpHandler } from '../../shared/http/handler';
import { toAccountView } from '../../shared/ledger/accounts';
import { createAccount as contract } from '../../shared/ledger/routes';

export const handler = httpHandler(contract, async ({ body, caller, idempotencyKey, requestIdentity }) => {
  const id = ulid();
  const createdAt = new Date().toISOString();
  const account = {
    id,
    ownerId: caller.userId,
    name: body.name ?? `${body.currency} wallet`,
    currency: body.currency,
    balance: 0,
    version: 0,
    status: 'OPEN' as const,
    createdAt,
  };
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record: {
      ...keys.account(id),
      type: 'account',
      ...account,
      gsi1pk: lists.accountsOf(caller.userId),
      gsi1sk: lists.sortKey(createdAt, id),
    },
    response: { status: 201, body: toAccountView(account), headers: { location: `/accounts/${id}` } },
  });
});
