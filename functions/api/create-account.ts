/** POST /accounts: a new wallet with balance 0 (idempotent with an idempotency-key). */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { keys, lists } from '../../shared/dynamo/keys';
import { httpHandler } from '../../shared/http/handler';
import { toAccountView } from '../../shared/ledger/accounts';
import { CreateAccountRequestSchema } from '../../shared/ledger/schemas';

export const handler = httpHandler({ body: CreateAccountRequestSchema }, async ({ body, caller, idempotencyKey }) => {
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
    request: { route: 'POST /accounts', body },
    record: {
      ...keys.account(id),
      type: 'account',
      ...account,
      gsi1pk: lists.accountsOf(caller.userId),
      gsi1sk: lists.sortKey(createdAt, id),
    },
    response: { statusCode: 201, body: toAccountView(account), headers: { location: `/accounts/${id}` } },
  });
});
