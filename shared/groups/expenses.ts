/** Expense records: validation against the group, the PENDING record and views. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type OutgoingMessage, queueMessage } from '../../events/contract';
import { ExpenseDeletionRequestedV1, ExpenseRequestedV1 } from '../../events/expenses';
import { type FieldError, invalid } from '../domain/errors';
import { type Currency, formatAmount, parseAmount, toMinor } from '../domain/money';
import { parsePercent, type Share, type SplitParticipant, splitExpense } from '../domain/splits';
import { documentClient, mainTableName } from '../dynamo/client';
import { type Key, keys, pendingIndexAttributes } from '../dynamo/keys';
import type { CreateExpenseRequest } from './schemas';

export interface ExpenseItem {
  readonly id: string;
  readonly groupId: string;
  readonly status: 'PENDING' | 'COMPLETED' | 'FAILED' | 'DELETED';
  readonly description: string;
  readonly amountMinor: number | bigint;
  readonly currency: Currency;
  readonly paidBy: string;
  readonly splitType: string;
  readonly shares: { userId: string; amountMinor: number | bigint }[];
  readonly note: string | null;
  readonly tags: string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly deletedAt?: string;
  readonly failureReason?: string;
}

const SPLIT_ERRORS: Record<string, string> = {
  EXACT_SUM_MISMATCH: 'exact amounts must sum to the expense amount',
  PERCENT_SUM_NOT_100: 'percents must sum to 100',
  DUPLICATE_PARTICIPANT: 'each participant may appear once',
  MISSING_VALUE: 'every participant needs a value for this split type',
  VALUE_NOT_FOR_SPLIT_TYPE:
    'give only the value this split type uses: amount for exact, percent for percent, shares for shares, none for equal',
  INVALID_SHARES: 'shares must be positive integers',
  NO_PARTICIPANTS: 'name at least one participant',
  INVALID_AMOUNT: 'the amount must be positive',
};

/** Validates the split at the command: members only, values well-formed, sums exact. */
export function computeShares(
  body: CreateExpenseRequest,
  currency: Currency,
  memberIds: ReadonlySet<string>,
): { amountMinor: bigint; shares: Share[] } {
  const errors: FieldError[] = [];
  const amount = parseAmount(body.amount, currency);
  if (!amount.ok) errors.push({ path: 'amount', message: amount.reason });
  if (!memberIds.has(body.paidBy)) errors.push({ path: 'paidBy', message: 'is not a member of this group' });
  const participants: SplitParticipant[] = body.split.participants.map((p, i) => {
    if (!memberIds.has(p.userId)) errors.push({ path: `split.participants.${i}.userId`, message: 'is not a member of this group' });
    const value: { userId: string; amount?: bigint; percentBasisPoints?: bigint; shares?: bigint } = { userId: p.userId };
    if (p.amount !== undefined) {
      const parsed = parseAmount(p.amount, currency);
      if (parsed.ok) value.amount = parsed.value;
      else if (p.amount !== '0' && p.amount !== '0.00') errors.push({ path: `split.participants.${i}.amount`, message: parsed.reason });
      else value.amount = 0n;
    }
    if (p.percent !== undefined) {
      const parsed = parsePercent(String(p.percent));
      if (parsed.ok) value.percentBasisPoints = parsed.value;
      else errors.push({ path: `split.participants.${i}.percent`, message: parsed.reason });
    }
    if (p.shares !== undefined) value.shares = BigInt(p.shares);
    return value;
  });
  if (errors.length > 0 || !amount.ok) throw invalid('The expense is not valid.', errors);
  const split = splitExpense(amount.value, body.split.type, participants);
  if (!split.ok) throw invalid('The split is not valid.', [{ path: 'split', message: SPLIT_ERRORS[split.reason] ?? split.reason }]);
  return { amountMinor: amount.value, shares: split.value };
}

export function newExpenseRecord(e: ExpenseItem): { record: ExpenseItem & Key & Record<string, unknown>; message: OutgoingMessage } {
  return {
    record: { ...keys.expense(e.groupId, e.id), type: 'expense', ...e },
    message: queueMessage(
      ExpenseRequestedV1,
      { groupId: e.groupId, expenseId: e.id, occurredAt: e.createdAt },
      { groupId: e.groupId, id: e.id },
    ),
  };
}

/** The request to reverse a completed expense, once: its id is the expense's deletion. */
export const deletionMessage = (groupId: string, expenseId: string, at: string): OutgoingMessage =>
  queueMessage(ExpenseDeletionRequestedV1, { groupId, expenseId, occurredAt: at }, { groupId, id: `${expenseId}.delete` });

export const toExpenseView = (e: ExpenseItem) => ({
  id: e.id,
  groupId: e.groupId,
  status: e.status,
  description: e.description,
  amount: formatAmount(toMinor(e.amountMinor), e.currency),
  currency: e.currency,
  paidBy: e.paidBy,
  split: { type: e.splitType },
  shares: e.shares.map((s) => ({ userId: s.userId, amount: formatAmount(toMinor(s.amountMinor), e.currency) })),
  note: e.note,
  tags: e.tags,
  createdAt: e.createdAt,
  ...(e.completedAt ? { completedAt: e.completedAt } : {}),
  ...(e.deletedAt ? { deletedAt: e.deletedAt } : {}),
  ...(e.failureReason ? { failureReason: e.failureReason } : {}),
});

/** What an expense does to the nets: the payer is owed the amount, each share is owed by its participant. */
export function expenseDeltas(e: Pick<ExpenseItem, 'paidBy' | 'amountMinor' | 'shares'>): Map<string, bigint> {
  const deltas = new Map<string, bigint>([[e.paidBy, toMinor(e.amountMinor)]]);
  for (const s of e.shares) deltas.set(s.userId, (deltas.get(s.userId) ?? 0n) - toMinor(s.amountMinor));
  return deltas;
}

export async function getExpense(groupId: string, expenseId: string): Promise<ExpenseItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.expense(groupId, expenseId), ConsistentRead: true }),
  );
  return Item as ExpenseItem | undefined;
}

/**
 * Makes the deletion of a COMPLETED expense durable before it is sent: the expense
 * joins the sweeper's index with the request, so a lost send is sent again (the
 * processor leaves the index when it deletes). False when the expense is no longer
 * COMPLETED, i.e. a deletion already finished.
 */
export async function requestDeletion(expense: ExpenseItem, message: OutgoingMessage, at: string): Promise<boolean> {
  const pending = pendingIndexAttributes(expense.id, at);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.expense(expense.groupId, expense.id),
        // A fresh back-off: re-publications of the expense's own request do not count against its deletion.
        UpdateExpression: 'SET pendingPk = :pk, pendingSk = :sk, requestedMessage = :message, sweeps = :zero',
        ConditionExpression: '#status = :completed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': pending.pendingPk,
          ':sk': pending.pendingSk,
          ':message': JSON.stringify(message),
          ':zero': 0,
          ':completed': 'COMPLETED',
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
