/** POST /groups/{id}/members: a member adds someone by email; unknown email 404; full group 400. */
import { findUserByEmail } from '../../shared/auth/users';
import { acceptCommand } from '../../shared/commands/accept';
import { mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { getGroupForChange, memberItem } from '../../shared/groups/groups';
import { addMember as contract } from '../../shared/groups/routes';
import { MAX_GROUP_MEMBERS } from '../../shared/groups/schemas';
import { httpHandler } from '../../shared/http/handler';
import { conflict, notFound, validationError } from '../../shared/http/problem';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const group = await getGroupForChange(caller, params.id);
  const user = await findUserByEmail(body.email);
  if (!user) throw notFound('user with that email');
  const member = memberItem(group.id, user.id, user.name, new Date().toISOString());
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record: member,
    extraItems: [
      {
        Update: {
          TableName: mainTableName(),
          Key: keys.group(group.id),
          UpdateExpression: 'SET memberCount = memberCount + :one, nets.#u = if_not_exists(nets.#u, :zero)',
          ConditionExpression: 'memberCount < :max',
          ExpressionAttributeNames: { '#u': user.id },
          ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':max': MAX_GROUP_MEMBERS },
        },
      },
    ],
    response: {
      status: 201,
      body: { groupId: group.id, userId: user.id, name: user.name },
      headers: { location: `/groups/${group.id}` },
    },
    onConflict: (cancelled) =>
      cancelled.some((c) => c.index === 0 && c.code === 'ConditionalCheckFailed')
        ? conflict('That user is already a member of this group.')
        : validationError(`A group has at most ${MAX_GROUP_MEMBERS} members.`, [{ path: 'email', message: 'the group is full' }]),
  });
});
