/** Settlement records: a group debt paid through a real wallet transfer. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CommandStatus } from '../domain/ledger';
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';

export interface SettlementItem {
  readonly id: string;
  readonly groupId: string;
  readonly fromUserId: string;
  readonly toUserId: string;
  readonly amountMinor: number | bigint;
  readonly currency: Currency;
  readonly transferId: string;
  readonly status: CommandStatus;
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly failureReason?: string;
  /** Accepted with its amount held on the group item (`settling#…`); the group processor releases it. */
  readonly reserved?: boolean;
}

/**
 * Money on its way between two members of a group, held on the group item per member
 * (payer +amount, payee −amount) from a settlement's acceptance until its transfer ends:
 * the bound on the next settlement counts it, so two sent at once never pay more than the
 * debt, and a member with one in flight cannot leave. Top-level attributes, so a group
 * created before this needs no map to exist first.
 */
export const SETTLING_PREFIX = 'settling#';
export const settlingAttribute = (userId: string): string => `${SETTLING_PREFIX}${userId}`;
/**
 * How many settlements on their way name the member, either side: amounts to and from a
 * member can cancel out in the hold, so leaving waits on this count being zero.
 */
export const SETTLING_COUNT_PREFIX = 'settlingCount#';
export const settlingCountAttribute = (userId: string): string => `${SETTLING_COUNT_PREFIX}${userId}`;

const numberAt = (group: object, attribute: string): bigint => {
  const held = (group as Record<string, unknown>)[attribute];
  return typeof held === 'number' || typeof held === 'bigint' || typeof held === 'string' ? toMinor(held) : 0n;
};
export const settlingOf = (group: object, userId: string): bigint => numberAt(group, settlingAttribute(userId));
export const settlingCountOf = (group: object, userId: string): bigint => numberAt(group, settlingCountAttribute(userId));

/** The group update that holds a settlement's amount (payer +amount, payee −amount) and counts it on both. */
export function settlingUpdate(from: string, to: string, amountMinor: bigint) {
  return {
    set: [
      '#sf = if_not_exists(#sf, :zero) + :held',
      '#st = if_not_exists(#st, :zero) - :held',
      '#cf = if_not_exists(#cf, :zero) + :one',
      '#ct = if_not_exists(#ct, :zero) + :one',
    ].join(', '),
    names: {
      '#sf': settlingAttribute(from),
      '#st': settlingAttribute(to),
      '#cf': settlingCountAttribute(from),
      '#ct': settlingCountAttribute(to),
    },
    values: { ':held': amountMinor, ':zero': 0, ':one': 1 },
  };
}

export const toSettlementView = (s: SettlementItem) => ({
  id: s.id,
  groupId: s.groupId,
  fromUserId: s.fromUserId,
  toUserId: s.toUserId,
  amount: formatAmount(toMinor(s.amountMinor), s.currency),
  currency: s.currency,
  transferId: s.transferId,
  status: s.status,
  createdAt: s.createdAt,
  ...(s.completedAt ? { completedAt: s.completedAt } : {}),
  ...(s.failureReason ? { failureReason: s.failureReason } : {}),
});

export async function getSettlement(id: string): Promise<SettlementItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.settlement(id), ConsistentRead: true }),
  );
  return Item as SettlementItem | undefined;
}
