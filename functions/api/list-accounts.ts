/** GET /accounts: the caller's accounts, newest first. */
import { lists } from '../../shared/dynamo/keys';
import { queryListPage } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { type AccountItem, toAccountView } from '../../shared/ledger/accounts';
import { listAccounts as contract } from '../../shared/ledger/routes';

export const handler = httpHandler(contract, async ({ caller, query }) =>
  json(200, await queryListPage(lists.accountsOf(caller.userId), query, (item) => toAccountView(item as unknown as AccountItem))),
);
