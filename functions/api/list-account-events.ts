/** GET /accounts/{id}/events: the account's event stream in order (oldest first); the balance is its fold. */
import { httpHandler } from '../../shared/http/handler';
import { ListQuerySchema } from '../../shared/http/list-query';
import { json } from '../../shared/http/response';
import { getVisibleAccount } from '../../shared/ledger/accounts';
import { queryStream, toEvent } from '../../shared/ledger/stream';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, params, query }) => {
  const account = await getVisibleAccount(caller, params.id as string);
  return json(200, await queryStream(account.id, query, false, toEvent));
});
