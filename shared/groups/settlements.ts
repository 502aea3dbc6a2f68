/** Settlement records: a group debt paid through a real wallet transfer. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
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
  readonly status: 'PENDING' | 'COMPLETED' | 'FAILED';
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly failureReason?: string;
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
