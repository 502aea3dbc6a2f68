/** GET /accounts/{id}/events: the account's event stream in order (oldest first); the balance is its fold. */

import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { getVisibleAccount } from '../../shared/ledger/accounts';
import { listAccountEvents as contract } from '../../shared/ledger/routes';
import { queryStream, toEvent } from '../../shared/ledger/stream';

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const account = await getVisibleAccount(caller, params.id);
  return json(200, await queryStream(account.id, query, false, toEvent));
});
