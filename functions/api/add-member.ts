/**
 * POST /groups/{id}/members: a member adds someone by email; unknown email 404 (with
 * `invite: true`, 202 and an invitation bound when that address registers); full group 400.
 */
import { findUserByEmail } from '../../shared/auth/users';
import { acceptCommand } from '../../shared/commands/accept';
import { publishActivity, sentences } from '../../shared/groups/activity';
import { GroupVersionMoved, groupEventItems, retryOnGroupVersion } from '../../shared/groups/apply';
import { getGroup, getGroupForChange, getMember, memberItem } from '../../shared/groups/groups';
import { storeInvite } from '../../shared/groups/invites';
import { addMember as contract } from '../../shared/groups/routes';
import { MAX_GROUP_MEMBERS } from '../../shared/groups/schemas';
import { httpHandler } from '../../shared/http/handler';
import { conflict, notFound, validationError } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const groupId = (await getGroupForChange(caller, params.id)).id;
  const user = await findUserByEmail(body.email);
  const actor = await getMember(groupId, caller.userId);
  if (!user) {
    if (!body.invite) throw notFound('user with that email (send invite: true to invite the address)');
    const invite = {
      email: body.email,
      groupId,
      invitedBy: caller.userId,
      invitedByName: actor?.name ?? caller.userId,
      invitedAt: new Date().toISOString(),
    };
    if (!(await storeInvite(invite))) throw conflict('That address is already invited to this group.');
    return json(202, { groupId, email: body.email, status: 'INVITED' }, { location: `/groups/${groupId}` });
  }
  return retryOnGroupVersion(async () => {
    const group = await getGroup(groupId);
    if (!group) throw notFound('group');
    const joinedAt = new Date().toISOString();
    const member = memberItem(group.id, user.id, user.name, joinedAt);
    const activity = {
      type: 'MemberJoined',
      actorId: caller.userId,
      text: sentences.joined(actor?.name ?? caller.userId, user.name),
      occurredAt: joinedAt,
    };
    const result = await acceptCommand({
      userId: caller.userId,
      idempotencyKey,
      request: requestIdentity,
      record: member,
      extraItems: groupEventItems(
        group.id,
        Number(group.version),
        { ...activity, data: { userId: user.id, name: user.name } },
        {
          set: 'memberCount = memberCount + :one, nets.#u = if_not_exists(nets.#u, :zero)',
          condition: 'memberCount < :max',
          names: { '#u': user.id },
          values: { ':one': 1, ':zero': 0, ':max': MAX_GROUP_MEMBERS },
        },
      ),
      response: {
        status: 201,
        body: { groupId: group.id, userId: user.id, name: user.name, joinedAt },
        headers: { location: `/groups/${group.id}` },
      },
      onConflict: (cancelled) => {
        if (cancelled.some((c) => c.index === 0 && c.code === 'ConditionalCheckFailed'))
          return conflict('That user is already a member of this group.');
        if (Number(group.memberCount) < MAX_GROUP_MEMBERS) throw new GroupVersionMoved(group.id);
        return validationError(`A group has at most ${MAX_GROUP_MEMBERS} members.`, [{ path: 'email', message: 'the group is full' }]);
      },
    });
    // A replay of an earlier request answers that request's joinedAt and writes nothing.
    if ((result.body as { joinedAt?: string }).joinedAt === joinedAt)
      await publishActivity(group.id, { ...activity, seq: Number(group.version) + 1 });
    return result;
  });
});
