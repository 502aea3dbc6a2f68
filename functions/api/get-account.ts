/** GET /accounts/{id}: the account with its current balance and the money on its way to it (owner or admin; else 404). */

import { formatAmount } from '../../shared/domain/money';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { getVisibleAccount, toAccountView } from '../../shared/ledger/accounts';
import { incomingMinor } from '../../shared/ledger/incoming';
import { getAccount as contract } from '../../shared/ledger/routes';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const account = await getVisibleAccount(caller, params.id);
  const incoming = await incomingMinor(account.id, account.currency);
  return json(200, { ...toAccountView(account), incoming: formatAmount(incoming, account.currency) });
});
