/**
 * PATCH /groups/{id}/expenses/{expenseId} with If-Match: "<version>" → 202: the edit is
 * validated like a new expense (the fields left out stay as they were), made durable on
 * the expense with the version it was made against, and applied by the group processor
 * as the difference of nets only. A stale version is 412, no If-Match 428.
 */
import { sendOrLeaveForSweeper } from '../../shared/commands/accept';
import { keys } from '../../shared/dynamo/keys';
import { computeShares, editMessage, getExpense, requestChange, requestOf, toExpenseView, versionOf } from '../../shared/groups/expenses';
import { inGroupCurrency } from '../../shared/groups/foreign';
import { getGroupForChange, membersOf } from '../../shared/groups/groups';
import { updateExpense as contract } from '../../shared/groups/routes';
import type { CreateExpenseRequest } from '../../shared/groups/schemas';
import { httpHandler } from '../../shared/http/handler';
import { conflict, HttpProblem, notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

/** `"3"`, `3` or `W/"3"`: the version an entity tag names; null when it names none. */
function versionInIfMatch(header: string | undefined): number | null {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

export const handler = httpHandler(contract, async ({ body, caller, params, headers }) => {
  const group = await getGroupForChange(caller, params.id);
  const expense = await getExpense(group.id, params.expenseId);
  if (!expense) throw notFound('expense');
  const ifMatch = headers['if-match'];
  if (!ifMatch) throw new HttpProblem('precondition-required', 'Send If-Match with the version of the expense you edited.');
  const version = versionInIfMatch(ifMatch);
  if (version !== versionOf(expense)) {
    throw new HttpProblem('precondition-failed', `The expense has changed since; its version is now ${versionOf(expense)}.`);
  }
  if (expense.status !== 'COMPLETED') throw conflict(`Only a completed expense can be edited; this one is ${expense.status}.`);
  const base = requestOf(expense);
  const merged: CreateExpenseRequest = {
    description: body.description ?? base.description,
    amount: body.amount ?? base.amount,
    paidBy: body.paidBy ?? base.paidBy,
    split: body.split ?? base.split,
    tags: body.tags ?? base.tags ?? [],
    ...((body.currency ?? base.currency) ? { currency: body.currency ?? base.currency } : {}),
    // A new currency needs its own rate (or the table's); the old rate goes with the old currency only.
    ...(body.rate !== undefined ? { rate: body.rate } : body.currency === undefined && base.rate !== undefined ? { rate: base.rate } : {}),
    ...((body.note ?? base.note) !== undefined ? { note: (body.note ?? base.note) as string } : {}),
  };
  // A new amount with the old exact amounts could not sum: left out, they are re-made equal over the same people;
  // several payers left out likewise leave the new amount to the first of them.
  if (body.amount !== undefined && body.split === undefined && merged.split.type === 'exact') {
    merged.split = { type: 'equal', participants: merged.split.participants.map((p) => ({ userId: p.userId })) };
  }
  if (body.amount !== undefined && body.paidBy === undefined && typeof merged.paidBy !== 'string') merged.paidBy = expense.paidBy;
  const memberIds = new Set((await membersOf(group.id)).map((m) => m.userId));
  const at = new Date().toISOString();
  const priced = await inGroupCurrency(merged, group.currency, at.slice(0, 10));
  const { amountMinor, shares, payers } = computeShares({ ...merged, amount: priced.amount }, group.currency, memberIds);
  const pendingEdit = {
    version,
    actorId: caller.userId,
    description: merged.description,
    amountMinor,
    paidBy: payers[0]?.userId ?? expense.paidBy,
    payers,
    payerIds: payers.map((p) => p.userId),
    participantIds: shares.map((s) => s.userId),
    splitType: merged.split.type,
    splitRequest: merged.split,
    shares: shares.map((s) => ({ userId: s.userId, amountMinor: s.amountMinor })),
    note: merged.note ?? null,
    tags: merged.tags ?? [],
    original: priced.original,
  };
  const message = editMessage(group.id, expense.id, version, caller.userId, at);
  if (!(await requestChange(expense, message, at, { fromStatus: 'COMPLETED', set: { status: 'PENDING', pendingEdit } }))) {
    throw new HttpProblem('precondition-failed', 'The expense changed while this edit was being made; read it again.');
  }
  await sendOrLeaveForSweeper(message, keys.expense(group.id, expense.id));
  return json(202, toExpenseView({ ...expense, status: 'PENDING' }), { location: `/groups/${group.id}/expenses/${expense.id}` });
});
