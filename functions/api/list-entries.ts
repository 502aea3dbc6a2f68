/** GET /accounts/{id}/entries: ledger entries, newest first. */
import { httpHandler } from '../../shared/http/handler';
import { ListQuerySchema } from '../../shared/http/list-query';
import { json } from '../../shared/http/response';
import { getVisibleAccount } from '../../shared/ledger/accounts';
import { queryStream, toEntry } from '../../shared/ledger/stream';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, params, query }) => {
  const account = await getVisibleAccount(caller, params.id as string);
  return json(200, await queryStream(account.id, query, true, toEntry));
});
