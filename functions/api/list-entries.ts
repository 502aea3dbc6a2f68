/** GET /accounts/{id}/entries: ledger entries, newest first. */
import { ListQuerySchema } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { getVisibleAccount } from '../../shared/ledger/accounts';
import { queryStream, toEntry } from '../../shared/ledger/stream';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, params, query }) => {
  const account = await getVisibleAccount(caller, params.id as string);
  return json(200, await queryStream(account.id, query, true, toEntry));
});
