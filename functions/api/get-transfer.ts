/**
 * GET /transfers/{id}: visible to the owners of both accounts (and admins); a FAILED one only to
 * its initiator (transfers.ts `viewersOf`); 404 for anyone else.
 */
import { canSee } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';
import { getTransfer as contract } from '../../shared/ledger/routes';
import { getTransfer, toTransferView, viewersOf } from '../../shared/ledger/transfers';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const transfer = await getTransfer(params.id, true);
  if (!transfer || !canSee(caller, viewersOf(transfer))) throw notFound('transfer');
  return json(200, toTransferView(transfer));
});
