/**
 * DELETE /groups/{id}/members/{userId} → 204: a member leaves (their own id) or is removed
 * by another member, only when their net is zero (409 otherwise): the condition is on the
 * group item, written in the same transaction as the membership and the group event, so a
 * change of nets landing meanwhile is never lost. An expense still naming them fails later
 * with MEMBER_NOT_IN_GROUP rather than give a net to someone outside the group. A member
 * with a settlement on its way to or from them stays until it lands (409): its completion
 * moves their net.
 */
import { formatAmount, toMinor } from '../../shared/domain/money';
import { mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { transactWrite } from '../../shared/dynamo/transact';
import { publishActivity, sentences } from '../../shared/groups/activity';
import { GroupVersionMoved, groupEventItems, retryOnGroupVersion } from '../../shared/groups/apply';
import { getGroup, getGroupForChange, getMember } from '../../shared/groups/groups';
import { removeMember as contract } from '../../shared/groups/routes';
import { settlingCountAttribute, settlingCountOf } from '../../shared/groups/settlements';
import { httpHandler } from '../../shared/http/handler';
import { conflict, notFound } from '../../shared/http/problem';
import { noContent } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const groupId = (await getGroupForChange(caller, params.id)).id;
  const userId = params.userId;
  const [member, actor] = await Promise.all([getMember(groupId, userId), getMember(groupId, caller.userId)]);
  if (!member) throw notFound('member');
  await retryOnGroupVersion(async () => {
    const group = await getGroup(groupId);
    if (!group) throw notFound('group');
    const net = toMinor(group.nets?.[userId] ?? 0);
    if (net !== 0n)
      throw conflict(`${member.name}'s net is ${formatAmount(net, group.currency)} ${group.currency}; settle it to zero first.`);
    if (settlingCountOf(group, userId) !== 0n) throw conflict(`${member.name} has a settlement on its way; wait until it completes.`);
    const at = new Date().toISOString();
    const text = sentences.left(actor?.name ?? caller.userId, member.name);
    const type = userId === caller.userId ? 'MemberLeft' : 'MemberRemoved';
    const outcome = await transactWrite([
      { Delete: { TableName: mainTableName(), Key: keys.groupMember(groupId, userId), ConditionExpression: 'attribute_exists(pk)' } },
      ...groupEventItems(
        groupId,
        Number(group.version),
        { type, actorId: caller.userId, text, occurredAt: at, data: { userId, name: member.name } },
        {
          set: 'memberCount = memberCount - :one',
          remove: 'nets.#u',
          condition: '(attribute_not_exists(nets.#u) OR nets.#u = :zero) AND (attribute_not_exists(#c) OR #c = :zero)',
          names: { '#u': userId, '#c': settlingCountAttribute(userId) },
          values: { ':one': 1, ':zero': 0 },
        },
      ),
    ]);
    if (!outcome.ok) {
      if (outcome.cancelled.some((c) => c.index === 0 && c.code === 'ConditionalCheckFailed')) throw notFound('member');
      throw new GroupVersionMoved(groupId); // or the net moved: the next read says which
    }
    await publishActivity(groupId, { seq: Number(group.version) + 1, type, actorId: caller.userId, text, occurredAt: at });
  });
  return noContent();
});
