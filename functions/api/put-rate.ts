/**
 * PUT /admin/rates/{base}/{quote} { rate, date } → 200 (admins): the rate of a currency pair
 * on a date, used by expenses in `base` in a group of `quote` that give no rate of their own.
 */
import { parseRate } from '../../shared/domain/fx';
import { isCurrency } from '../../shared/domain/money';
import { putRate, toRateView } from '../../shared/groups/rates';
import { putRate as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { notFound, validationError } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ body, caller, params }) => {
  // Not an admin: the same 404 as any unknown route, so the route cannot be probed.
  if (!caller.isAdmin) throw notFound();
  const [base, quote] = [params.base, params.quote];
  if (!isCurrency(base) || !isCurrency(quote) || base === quote) {
    throw validationError('Name two different supported currencies.', [{ path: 'base', message: 'not a currency pair' }]);
  }
  const rate = parseRate(body.rate);
  if (!rate.ok) throw validationError('The rate is not valid.', [{ path: 'rate', message: rate.reason }]);
  const item = { base, quote, rate: body.rate, date: body.date, setBy: caller.userId, setAt: new Date().toISOString() };
  await putRate(item);
  return json(200, toRateView(item));
});
