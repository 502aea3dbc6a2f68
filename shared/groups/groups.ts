/** Groups, their members and nets in DynamoDB. Members-only: anyone else gets 404. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '../auth/caller';
import { forbidden, notFound } from '../domain/errors';
import { type Currency, toMinor } from '../domain/money';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { queryPrefixAll } from '../dynamo/query-all';

export interface GroupItem {
  readonly id: string;
  readonly name: string;
  readonly currency: Currency;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Seq of the last group event. */
  readonly version: number;
  /** Net per member in minor units: positive is owed money, negative owes. */
  readonly nets: Record<string, number | bigint>;
  readonly memberCount: number;
}

export interface MemberItem {
  readonly groupId: string;
  readonly userId: string;
  readonly name: string;
  readonly joinedAt: string;
  /** The member's own account in the group currency that settlements to them are paid into. */
  readonly receivingAccountId?: string;
}

export async function getGroup(groupId: string): Promise<GroupItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.group(groupId), ConsistentRead: true }),
  );
  return Item as GroupItem | undefined;
}

export async function isMember(groupId: string, userId: string): Promise<boolean> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.groupMember(groupId, userId), ConsistentRead: true }),
  );
  return Item !== undefined;
}

/** The group and whether the caller is a member; 404 unless they are, or are an admin (who reads any group). */
async function groupSeenBy(caller: Caller, groupId: string): Promise<{ group: GroupItem; member: boolean }> {
  const [group, member] = await Promise.all([getGroup(groupId), isMember(groupId, caller.userId)]);
  if (!group || !(member || caller.isAdmin)) throw notFound('group');
  return { group, member };
}

/** The group if the caller may read it: a member or an admin; 404 otherwise. */
export async function getVisibleGroup(caller: Caller, groupId: string): Promise<GroupItem> {
  return (await groupSeenBy(caller, groupId)).group;
}

/**
 * The group if the caller is a member, for a change to it. An admin who is not a member
 * may read the group (so 403, not 404) but not change it: API.md gives admins reads only,
 * and a non-member's net would break the group's zero sum.
 */
export async function getGroupForChange(caller: Caller, groupId: string): Promise<GroupItem> {
  const { group, member } = await groupSeenBy(caller, groupId);
  if (!member) throw forbidden('Only members of this group may change it; admins may read it.');
  return group;
}

export async function membersOf(groupId: string): Promise<MemberItem[]> {
  const members = await queryPrefixAll<MemberItem>(keys.group(groupId).pk, keys.groupMemberPrefix);
  return members.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
}

export const toGroupView = (g: GroupItem, members: readonly MemberItem[]) => ({
  id: g.id,
  name: g.name,
  currency: g.currency,
  members: members.map((m) => ({ userId: m.userId, name: m.name })),
  createdAt: g.createdAt,
});

export function netsOf(group: GroupItem, members: readonly MemberItem[]): { userId: string; netMinor: bigint }[] {
  return members.map((m) => ({ userId: m.userId, netMinor: toMinor(group.nets?.[m.userId] ?? 0) }));
}

export const toMemberView = (m: MemberItem) => ({
  groupId: m.groupId,
  userId: m.userId,
  name: m.name,
  receivingAccountId: m.receivingAccountId ?? null,
});

export async function getMember(groupId: string, userId: string): Promise<MemberItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.groupMember(groupId, userId), ConsistentRead: true }),
  );
  return Item as MemberItem | undefined;
}

export function memberItem(groupId: string, userId: string, name: string, joinedAt: string) {
  return {
    ...keys.groupMember(groupId, userId),
    type: 'member',
    groupId,
    userId,
    name,
    joinedAt,
    gsi1pk: `USER#${userId}#GROUPS`,
    gsi1sk: `${joinedAt}#${groupId}`,
  };
}
