/** POST /groups: a group in one currency; the creator is its first member. */
import { ulid } from 'ulid';
import { getUser } from '../../shared/auth/users';
import { acceptCommand } from '../../shared/commands/accept';
import { mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { memberItem, toGroupView } from '../../shared/groups/groups';
import { createGroup as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { unauthorized } from '../../shared/http/problem';

export const handler = httpHandler(contract, async ({ body, caller, idempotencyKey, requestIdentity }) => {
  const user = await getUser(caller.userId);
  if (!user) throw unauthorized('The user of this token no longer exists.');
  const id = ulid();
  const createdAt = new Date().toISOString();
  const group = {
    id,
    name: body.name,
    currency: body.currency,
    createdAt,
    createdBy: caller.userId,
    version: 0,
    nets: { [caller.userId]: 0 },
    memberCount: 1,
  };
  const member = memberItem(id, caller.userId, user.name, createdAt);
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record: { ...keys.group(id), type: 'group', ...group },
    extraItems: [{ Put: { TableName: mainTableName(), Item: member, ConditionExpression: 'attribute_not_exists(pk)' } }],
    response: { status: 201, body: toGroupView(group, [member]), headers: { location: `/groups/${id}` } },
  });
});
