/** Expense records: validation against the group, the PENDING record and views. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type OutgoingMessage, queueMessage } from '../../events/contract';
import { ExpenseDeletionRequestedV1, ExpenseEditRequestedV1, ExpenseRequestedV1, ExpenseRestoreRequestedV1 } from '../../events/expenses';
import { type FieldError, invalid } from '../domain/errors';
import { checkPayers, expenseNets, type PayersReason, type Portion } from '../domain/group-nets';
import { type Currency, formatAmount, parseAmount, toMinor } from '../domain/money';
import { parsePercent, type Share, type SplitParticipant, splitExpense } from '../domain/splits';
import { documentClient, mainTableName } from '../dynamo/client';
import { type Key, keys, pendingIndexAttributes } from '../dynamo/keys';
import { statusTransition } from '../dynamo/status';
import type { TransactItem } from '../dynamo/transact';
import { inGroupCurrency, type OriginalAmount } from './foreign';
import type { CreateExpenseRequest, ExpenseStatus } from './schemas';

export interface ExpenseItem {
  readonly id: string;
  readonly groupId: string;
  readonly status: ExpenseStatus;
  readonly description: string;
  readonly amountMinor: number | bigint;
  readonly currency: Currency;
  /** The first payer (records from before several payers carry only this). */
  readonly paidBy: string;
  /** Who paid how much; sums to amountMinor. Absent on older records: paidBy paid it all. */
  readonly payers?: { userId: string; amountMinor: number | bigint }[];
  /** Paid in another currency: what was paid and at which rate; amountMinor is its conversion. */
  readonly original?: (Omit<OriginalAmount, 'amountMinor'> & { amountMinor: number | bigint }) | null;
  /** Who paid and who shares, as flat lists a list filter can test (contains). */
  readonly payerIds?: string[];
  readonly participantIds?: string[];
  /** 1 when created; +1 at every edit, deletion and restore. */
  readonly version?: number;
  readonly updatedAt?: string;
  /** The change (edit, deletion, restore) requested and not yet applied: its message id. */
  readonly pendingChangeId?: string;
  /** An edit accepted and not yet applied: the fields it sets, applied by the group processor. */
  readonly pendingEdit?: PendingEdit;
  readonly splitType: string;
  /** The split as asked for (percents, share counts): an edit that changes the amount re-splits it. */
  readonly splitRequest?: CreateExpenseRequest['split'];
  readonly shares: { userId: string; amountMinor: number | bigint }[];
  readonly note: string | null;
  readonly tags: string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly deletedAt?: string;
  readonly failureReason?: string;
  /** Made by a recurring expense: the template and the date of this occurrence. */
  readonly recurring?: { readonly id: string; readonly on: string };
}

export interface PendingEdit {
  readonly version: number;
  readonly actorId: string;
  readonly description: string;
  readonly amountMinor: bigint;
  readonly paidBy: string;
  readonly payers: { userId: string; amountMinor: bigint }[];
  readonly payerIds: string[];
  readonly participantIds: string[];
  readonly original: OriginalAmount | null;
  readonly splitType: string;
  readonly splitRequest: CreateExpenseRequest['split'];
  readonly shares: { userId: string; amountMinor: bigint }[];
  readonly note: string | null;
  readonly tags: string[];
}

export const versionOf = (e: Pick<ExpenseItem, 'version'>): number => Number(e.version ?? 1);

export const payersOf = (e: Pick<ExpenseItem, 'payers' | 'paidBy' | 'amountMinor'>): Portion[] =>
  (e.payers ?? [{ userId: e.paidBy, amountMinor: e.amountMinor }]).map((p) => ({ userId: p.userId, amountMinor: toMinor(p.amountMinor) }));

const PAYER_ERRORS: Record<PayersReason, string> = {
  PAYERS_SUM_MISMATCH: 'payer amounts must sum to the expense amount',
  DUPLICATE_PAYER: 'each payer may appear once',
  NO_PAYERS: 'name at least one payer',
};

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
): { amountMinor: bigint; shares: Share[]; payers: Portion[] } {
  const errors: FieldError[] = [];
  const amount = parseAmount(body.amount, currency);
  if (!amount.ok) errors.push({ path: 'amount', message: amount.reason });
  const payers = parsePayers(body.paidBy, amount.ok ? amount.value : 0n, currency, memberIds, errors);
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
  const payersWrong = checkPayers(amount.value, payers);
  if (payersWrong) throw invalid('The payers are not valid.', [{ path: 'paidBy', message: PAYER_ERRORS[payersWrong] }]);
  return { amountMinor: amount.value, shares: split.value, payers };
}

function parsePayers(
  paidBy: CreateExpenseRequest['paidBy'],
  amountMinor: bigint,
  currency: Currency,
  memberIds: ReadonlySet<string>,
  errors: FieldError[],
): Portion[] {
  if (typeof paidBy === 'string') {
    if (!memberIds.has(paidBy)) errors.push({ path: 'paidBy', message: 'is not a member of this group' });
    return [{ userId: paidBy, amountMinor }];
  }
  return paidBy.map((p, i) => {
    if (!memberIds.has(p.userId)) errors.push({ path: `paidBy.${i}.userId`, message: 'is not a member of this group' });
    const parsed = parseAmount(p.amount, currency);
    if (!parsed.ok) errors.push({ path: `paidBy.${i}.amount`, message: parsed.reason });
    return { userId: p.userId, amountMinor: parsed.ok ? parsed.value : 0n };
  });
}

/** The request that created or last edited an expense, as PATCH merges into it. */
export function requestOf(e: ExpenseItem): CreateExpenseRequest {
  const payers = payersOf(e);
  const original = e.original;
  return {
    description: e.description,
    ...(original
      ? { amount: formatAmount(toMinor(original.amountMinor), original.currency), currency: original.currency, rate: original.rate }
      : { amount: formatAmount(toMinor(e.amountMinor), e.currency) }),
    paidBy:
      payers.length === 1 && payers[0]
        ? payers[0].userId
        : payers.map((p) => ({ userId: p.userId, amount: formatAmount(p.amountMinor, e.currency) })),
    split: e.splitRequest ?? {
      type: 'exact',
      participants: e.shares.map((s) => ({ userId: s.userId, amount: formatAmount(toMinor(s.amountMinor), e.currency) })),
    },
    ...(e.note !== null ? { note: e.note } : {}),
    tags: e.tags,
  };
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

/**
 * The request to reverse a completed expense, once per version: a restored expense
 * deleted again is a new deletion, which a fixed id would drop as a duplicate.
 */
export const deletionMessage = (groupId: string, expenseId: string, version: number, actorId: string, at: string): OutgoingMessage =>
  queueMessage(
    ExpenseDeletionRequestedV1,
    { groupId, expenseId, version, actorId, occurredAt: at },
    { groupId, id: `${expenseId}.delete.v${version}` },
  );
export const restoreMessage = (groupId: string, expenseId: string, version: number, actorId: string, at: string): OutgoingMessage =>
  queueMessage(
    ExpenseRestoreRequestedV1,
    { groupId, expenseId, version, actorId, occurredAt: at },
    { groupId, id: `${expenseId}.restore.v${version}` },
  );
export const editMessage = (groupId: string, expenseId: string, version: number, actorId: string, at: string): OutgoingMessage =>
  queueMessage(
    ExpenseEditRequestedV1,
    { groupId, expenseId, version, actorId, occurredAt: at },
    { groupId, id: `${expenseId}.edit.v${version}` },
  );

const payerView = (e: ExpenseItem) => {
  const payers = payersOf(e);
  return payers.length === 1 && payers[0]
    ? payers[0].userId
    : payers.map((p) => ({ userId: p.userId, amount: formatAmount(p.amountMinor, e.currency) }));
};

export const toExpenseView = (e: ExpenseItem) => ({
  id: e.id,
  groupId: e.groupId,
  status: e.status,
  description: e.description,
  amount: formatAmount(toMinor(e.amountMinor), e.currency),
  currency: e.currency,
  paidBy: payerView(e),
  split: { type: e.splitType },
  shares: e.shares.map((s) => ({ userId: s.userId, amount: formatAmount(toMinor(s.amountMinor), e.currency) })),
  note: e.note,
  tags: e.tags,
  ...(e.original
    ? {
        original: {
          amount: formatAmount(toMinor(e.original.amountMinor), e.original.currency),
          currency: e.original.currency,
          rate: e.original.rate,
          rateDate: e.original.rateDate,
          rateSource: e.original.rateSource,
        },
      }
    : {}),
  version: versionOf(e),
  createdAt: e.createdAt,
  ...(e.updatedAt ? { updatedAt: e.updatedAt } : {}),
  ...(e.completedAt ? { completedAt: e.completedAt } : {}),
  ...(e.deletedAt ? { deletedAt: e.deletedAt } : {}),
  ...(e.failureReason ? { failureReason: e.failureReason } : {}),
  ...(e.recurring ? { recurring: { id: e.recurring.id, on: e.recurring.on } } : {}),
});

/**
 * A new PENDING expense from a create request, checked against the group's members now
 * (POST /groups/{id}/expenses, and each occurrence of a recurring expense): converted at the
 * rate of `createdAt`'s day when paid in another currency, split exactly.
 */
export async function draftExpense(input: {
  readonly id: string;
  readonly groupId: string;
  readonly groupCurrency: Currency;
  readonly memberIds: ReadonlySet<string>;
  readonly actorId: string;
  readonly body: CreateExpenseRequest;
  readonly createdAt: string;
  /** Made by a recurring expense: priced at the rate of its own date, not the day it is made. */
  readonly recurring?: { id: string; on: string };
}): Promise<ExpenseItem & { version: number }> {
  const { body } = input;
  const priced = await inGroupCurrency(body, input.groupCurrency, input.recurring?.on ?? input.createdAt.slice(0, 10));
  const { amountMinor, shares, payers } = computeShares({ ...body, amount: priced.amount }, input.groupCurrency, input.memberIds);
  return {
    id: input.id,
    groupId: input.groupId,
    status: 'PENDING',
    description: body.description,
    amountMinor,
    currency: input.groupCurrency,
    paidBy: payers[0]?.userId ?? input.actorId,
    payers,
    payerIds: payers.map((p) => p.userId),
    participantIds: shares.map((s) => s.userId),
    version: 1,
    splitType: body.split.type,
    splitRequest: body.split,
    shares: shares.map((s) => ({ userId: s.userId, amountMinor: s.amountMinor })),
    note: body.note ?? null,
    tags: body.tags ?? [],
    createdBy: input.actorId,
    original: priced.original,
    createdAt: input.createdAt,
    ...(input.recurring ? { recurring: input.recurring } : {}),
  };
}

/** What an expense does to the nets: each payer is owed what they paid, each share is owed by its participant. */
export function expenseDeltas(e: Pick<ExpenseItem, 'paidBy' | 'payers' | 'amountMinor' | 'shares'>): Map<string, bigint> {
  return expenseNets({
    payers: payersOf(e),
    shares: e.shares.map((s) => ({ userId: s.userId, amountMinor: toMinor(s.amountMinor) })),
  });
}

export async function getExpense(groupId: string, expenseId: string): Promise<ExpenseItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.expense(groupId, expenseId), ConsistentRead: true }),
  );
  return Item as ExpenseItem | undefined;
}

/**
 * Makes a change to an expense durable before it is sent: the expense joins the
 * sweeper's index with the request, so a lost send is sent again (the processor leaves
 * the index when it applies it). Conditioned on the status and version the caller saw:
 * false when either moved (a change already finished, or another one came first).
 * `set` adds fields (an edit's pending fields and its PENDING status).
 */
export async function requestChange(
  expense: ExpenseItem,
  message: OutgoingMessage,
  at: string,
  options: { fromStatus: ExpenseItem['status']; set?: Record<string, unknown> },
): Promise<boolean> {
  const pending = pendingIndexAttributes(expense.id, at);
  const extra = Object.entries(options.set ?? {});
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.expense(expense.groupId, expense.id),
        // A fresh back-off: re-publications of the expense's own request do not count against this one.
        UpdateExpression: `SET pendingPk = :pk, pendingSk = :sk, requestedMessage = :message, pendingChangeId = :change, sweeps = :zero${extra
          .map((_, i) => `, #x${i} = :x${i}`)
          .join('')}`,
        // One change at a time: a second one (an edit beside a deletion) would queue behind a
        // message that waits for it, so it is refused; a repeat of the same change is not.
        ConditionExpression:
          '#status = :from AND (attribute_not_exists(version) OR version = :version) AND (attribute_not_exists(pendingChangeId) OR pendingChangeId = :change)',
        ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(extra.map(([name], i) => [`#x${i}`, name])) },
        ExpressionAttributeValues: {
          ':pk': pending.pendingPk,
          ':sk': pending.pendingSk,
          ':message': JSON.stringify(message),
          ':change': message.body.id,
          ':zero': 0,
          ':from': options.fromStatus,
          ':version': versionOf(expense),
          ...Object.fromEntries(extra.map(([, value], i) => [`:x${i}`, value])),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * The guarded transition of a processor step: from the status and version the request
 * was made at, so a redelivered request, or one overtaken by a later change, does nothing.
 */
export function expenseTransition(
  expense: ExpenseItem,
  from: ExpenseItem['status'],
  set: Record<string, unknown>,
  remove: readonly string[] = [],
): TransactItem {
  const item = statusTransition(
    keys.expense(expense.groupId, expense.id),
    from,
    { ...set, version: versionOf(expense) + 1 },
    { removePending: true },
  );
  const update = item.Update as NonNullable<TransactItem['Update']>;
  return {
    Update: {
      ...update,
      UpdateExpression: `${update.UpdateExpression}, ${['pendingChangeId', ...remove].join(', ')}`,
      ConditionExpression: `${update.ConditionExpression} AND (attribute_not_exists(version) OR version = :expectedVersion)`,
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expectedVersion': versionOf(expense) },
    },
  };
}
