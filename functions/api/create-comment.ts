/** POST /groups/{id}/expenses/{expenseId}/comments: members only; the comment is an item of the group's activity. */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { keys } from '../../shared/dynamo/keys';
import { publishActivity, sentences } from '../../shared/groups/activity';
import { GroupVersionMoved, groupEventItems, retryOnGroupVersion } from '../../shared/groups/apply';
import { getExpense } from '../../shared/groups/expenses';
import { getGroup, getGroupForChange, getMember } from '../../shared/groups/groups';
import { createComment as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const groupId = (await getGroupForChange(caller, params.id)).id;
  const expense = await getExpense(groupId, params.expenseId);
  if (!expense) throw notFound('expense');
  const actor = await getMember(groupId, caller.userId);
  return retryOnGroupVersion(async () => {
    const group = await getGroup(groupId);
    if (!group) throw notFound('group');
    const comment = { id: ulid(), expenseId: expense.id, authorId: caller.userId, text: body.text, createdAt: new Date().toISOString() };
    const activity = {
      type: 'ExpenseCommented',
      actorId: caller.userId,
      text: sentences.commented(actor?.name ?? caller.userId, expense.description, body.text),
      occurredAt: comment.createdAt,
    };
    const result = await acceptCommand({
      userId: caller.userId,
      idempotencyKey,
      request: requestIdentity,
      record: { ...keys.comment(groupId, expense.id, comment.id), type: 'comment', ...comment },
      extraItems: groupEventItems(groupId, Number(group.version), { ...activity, data: { expenseId: expense.id, commentId: comment.id } }),
      response: { status: 201, body: comment },
      onConflict: () => {
        throw new GroupVersionMoved(groupId);
      },
    });
    // A replay of an earlier request answers that request's comment and writes nothing.
    if ((result.body as { id?: string }).id === comment.id) await publishActivity(groupId, { ...activity, seq: Number(group.version) + 1 });
    return result;
  });
});
