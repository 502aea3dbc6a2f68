/** GET /accounts/{id}: the account with its current balance (owner or admin; else 404). */
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { getVisibleAccount, toAccountView } from '../../shared/ledger/accounts';

export const handler = httpHandler({}, async ({ caller, params }) =>
  json(200, toAccountView(await getVisibleAccount(caller, params.id as string))),
);
