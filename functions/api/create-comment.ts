/** POST /groups/{id}/expenses/{expenseId}/comments: members only. */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { keys } from '../../shared/dynamo/keys';
import { getExpense } from '../../shared/groups/expenses';
import { getGroupForChange } from '../../shared/groups/groups';
import { CreateCommentRequestSchema } from '../../shared/groups/schemas';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';

export const handler = httpHandler({ body: CreateCommentRequestSchema }, async ({ body, caller, params, idempotencyKey }) => {
  const group = await getGroupForChange(caller, params.id as string);
  const expense = await getExpense(group.id, params.expenseId as string);
  if (!expense) throw notFound('expense');
  const comment = { id: ulid(), expenseId: expense.id, authorId: caller.userId, text: body.text, createdAt: new Date().toISOString() };
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: { route: 'POST /comments', groupId: group.id, expenseId: expense.id, body },
    record: { ...keys.comment(group.id, expense.id, comment.id), type: 'comment', ...comment },
    response: { statusCode: 201, body: comment },
  });
});
