/** POST /groups/{id}/expenses: validated at the command (members, sums), applied by the group processor. */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { computeShares, newExpenseRecord, toExpenseView } from '../../shared/groups/expenses';
import { inGroupCurrency } from '../../shared/groups/foreign';
import { getGroupForChange, membersOf } from '../../shared/groups/groups';
import { createExpense as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const group = await getGroupForChange(caller, params.id);
  const members = new Set((await membersOf(group.id)).map((m) => m.userId));
  const createdAt = new Date().toISOString();
  const priced = await inGroupCurrency(body, group.currency, createdAt.slice(0, 10));
  const { amountMinor, shares, payers } = computeShares({ ...body, amount: priced.amount }, group.currency, members);
  const expense = {
    id: ulid(),
    groupId: group.id,
    status: 'PENDING' as const,
    description: body.description,
    amountMinor,
    currency: group.currency,
    paidBy: payers[0]?.userId ?? caller.userId,
    payers,
    payerIds: payers.map((p) => p.userId),
    participantIds: shares.map((s) => s.userId),
    version: 1,
    splitType: body.split.type,
    splitRequest: body.split,
    shares: shares.map((s) => ({ userId: s.userId, amountMinor: s.amountMinor })),
    note: body.note ?? null,
    tags: body.tags ?? [],
    createdBy: caller.userId,
    original: priced.original,
    createdAt,
  };
  const { record, message } = newExpenseRecord(expense);
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record,
    message,
    response: { status: 202, body: toExpenseView(expense), headers: { location: `/groups/${group.id}/expenses/${expense.id}` } },
  });
});
