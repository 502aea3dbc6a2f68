/** GET /transfers/{id}: visible to the owners of both accounts (and admins); 404 for anyone else. */
import { canSee } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';
import { getTransfer as contract } from '../../shared/ledger/routes';
import { getTransfer, toTransferView } from '../../shared/ledger/transfers';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const transfer = await getTransfer(params.id, true);
  if (!transfer || !canSee(caller, transfer.participantIds)) throw notFound('transfer');
  return json(200, toTransferView(transfer));
});
