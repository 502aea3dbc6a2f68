/** GET /accounts/{id}/entries: ledger entries, newest first. */

import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { getVisibleAccount } from '../../shared/ledger/accounts';
import { listEntries as contract } from '../../shared/ledger/routes';
import { queryStream, toEntry } from '../../shared/ledger/stream';

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const account = await getVisibleAccount(caller, params.id);
  return json(200, await queryStream(account.id, query, true, toEntry));
});
