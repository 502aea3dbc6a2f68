/**
 * Recurring expenses: a template of an expense made again every week, month or year. Each
 * occurrence is an ordinary expense command, accepted with the idempotency key
 * `recurring#<template>#<date>` (kept for a year and a month, longer than any catch-up), so
 * however often the schedule runs, crashes or overlaps, each date's expense exists once.
 * Running templates are listed by their next date in the owner index (`recurringDue`), so
 * a run reads only what is due.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { acceptCommand } from '../commands/accept';
import { DomainError } from '../domain/errors';
import { formatAmount, toMinor } from '../domain/money';
import { dueOccurrences, nextOccurrence, type Period } from '../domain/recurrence';
import { documentClient, mainTableName } from '../dynamo/client';
import { INDEXES, keys, lists } from '../dynamo/keys';
import { queryAll, queryPrefixAll } from '../dynamo/query-all';
import type { TransactItem } from '../dynamo/transact';
import { correlateWith } from '../observability/correlation';
import { logger } from '../observability/logger';
import { draftExpense, newExpenseRecord, toExpenseView } from './expenses';
import { getGroup, isMember, membersOf } from './groups';
import type { CreateExpenseRequest, CreateRecurringRequest } from './schemas';

/** An occurrence's idempotency record outlives any catch-up (a year and a month). */
export const OCCURRENCE_KEY_TTL_SECONDS = 396 * 24 * 60 * 60;
/** Occurrences one template makes in one run: one left unvisited for long catches up over several. */
export const MAX_OCCURRENCES_PER_RUN = 12;
/** Templates one run visits; the next run takes the rest. */
export const MAX_TEMPLATES_PER_RUN = 500;

export type RecurringStatus = 'ACTIVE' | 'ENDED' | 'STOPPED';

export interface RecurringItem {
  readonly id: string;
  readonly groupId: string;
  readonly status: RecurringStatus;
  readonly every: Period;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly nextOn: string | null;
  /** Occurrences made (or given up on) so far: the next is occurrence number `made`. */
  readonly made: number;
  readonly expense: CreateExpenseRequest;
  readonly lastFailure?: { on: string; reason: string };
  readonly createdBy: string;
  readonly createdAt: string;
}

const dueSortKey = (nextOn: string, groupId: string, id: string): string => `${nextOn}#${groupId}#${id}`;

/** The expense a template makes at each occurrence: its request without the recurrence. */
export function templateExpense(body: CreateRecurringRequest): CreateExpenseRequest {
  const { every: _every, startsOn: _startsOn, endsOn: _endsOn, ...expense } = body;
  return expense;
}

/** The new template's item, listed as due on its first date. */
export function newRecurringRecord(groupId: string, createdBy: string, body: CreateRecurringRequest, createdAt: string) {
  const { every, startsOn, endsOn } = body;
  const expense = templateExpense(body);
  const id = ulid();
  const item: RecurringItem = {
    id,
    groupId,
    status: 'ACTIVE',
    every,
    startsOn,
    endsOn: endsOn ?? null,
    nextOn: startsOn,
    made: 0,
    expense,
    createdBy,
    createdAt,
  };
  return {
    ...keys.recurring(groupId, id),
    type: 'recurring',
    ...item,
    gsi1pk: lists.recurringDue,
    gsi1sk: dueSortKey(startsOn, groupId, id),
  };
}

export const toRecurringView = (r: RecurringItem) => ({
  id: r.id,
  groupId: r.groupId,
  status: r.status,
  every: r.every,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  nextOn: r.nextOn,
  made: Number(r.made),
  expense: {
    description: r.expense.description,
    amount: r.expense.amount,
    ...(r.expense.currency ? { currency: r.expense.currency } : {}),
    paidBy: r.expense.paidBy,
    split: { type: r.expense.split.type },
    tags: r.expense.tags ?? [],
  },
  ...(r.lastFailure ? { lastFailure: r.lastFailure } : {}),
  createdBy: r.createdBy,
  createdAt: r.createdAt,
});

export async function getRecurring(groupId: string, id: string): Promise<RecurringItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.recurring(groupId, id), ConsistentRead: true }),
  );
  return Item as RecurringItem | undefined;
}

/** A group's recurring expenses, oldest first (at most MAX_RECURRING_PER_GROUP, so one page). */
export const listRecurring = (groupId: string): Promise<RecurringItem[]> =>
  queryPrefixAll<RecurringItem>(keys.group(groupId).pk, keys.recurringPrefix);

/** Stops a running template: no occurrence after this; those made stay. False when it had already ended or stopped. */
export async function stopRecurring(groupId: string, id: string, at: string): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.recurring(groupId, id),
        UpdateExpression: 'SET #status = :stopped, nextOn = :none, stoppedAt = :at REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':stopped': 'STOPPED', ':active': 'ACTIVE', ':none': null, ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * The update that moves a template past occurrence `n` (made, or given up on), once:
 * conditioned on `made` still being `n` and the template still running. An occurrence's
 * expense command carries it in the same transaction, so a stop or another run landing in
 * between makes the expense not happen at all, never happen after the stop.
 */
function advanceItem(t: RecurringItem, n: number, failure?: { on: string; reason: string }): TransactItem {
  const next = nextOccurrence(t, n + 1);
  const sets = [
    'made = :next',
    'nextOn = :nextOn',
    next ? 'gsi1sk = :sk' : '#status = :ended',
    ...(failure ? ['lastFailure = :failure'] : []),
  ];
  return {
    Update: {
      TableName: mainTableName(),
      Key: keys.recurring(t.groupId, t.id),
      // Ended: out of the due list for good.
      UpdateExpression: `SET ${sets.join(', ')}${next ? '' : ' REMOVE gsi1pk, gsi1sk'}`,
      ConditionExpression: 'made = :n AND #status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':n': n,
        ':next': n + 1,
        ':nextOn': next,
        ':active': 'ACTIVE',
        ...(next ? { ':sk': dueSortKey(next, t.groupId, t.id) } : { ':ended': 'ENDED' }),
        ...(failure ? { ':failure': failure } : {}),
      },
    },
  };
}

/** Gives up on occurrence `n` with its reason; false when another run moved the template first, or it was stopped. */
async function giveUp(t: RecurringItem, n: number, failure: { on: string; reason: string }): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand((advanceItem(t, n, failure) as { Update: UpdateCommandInput }).Update));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The template moved under this run (another run made the occurrence, or it was stopped): leave it. */
class TemplateMoved extends Error {}

/** Templates whose next date is on or before `today`, oldest due first. */
const dueTemplates = (today: string): Promise<{ pk: string; sk: string }[]> =>
  queryAll(
    {
      TableName: mainTableName(),
      IndexName: INDEXES.byOwner,
      KeyConditionExpression: 'gsi1pk = :due AND gsi1sk < :after',
      // Every sort key of a date starts `<date>#`; '$' sorts right after '#'.
      ExpressionAttributeValues: { ':due': lists.recurringDue, ':after': `${today}$` },
    },
    MAX_TEMPLATES_PER_RUN,
  );

export interface OccurrenceRun {
  readonly made: number;
  readonly failed: number;
}

/**
 * Makes one template's due occurrences, in date order. An occurrence the group refuses (its
 * creator or a member it names left, no rate that day) is given up on with the reason kept
 * on the template; a creator who left, or a group that is gone, stops it.
 */
async function runTemplate(t: RecurringItem, now: Date): Promise<OccurrenceRun> {
  const today = now.toISOString().slice(0, 10);
  let [made, failed] = [0, 0];
  for (const { n, on } of dueOccurrences(t, Number(t.made), today, MAX_OCCURRENCES_PER_RUN)) {
    const group = await getGroup(t.groupId);
    if (!group || !(await isMember(t.groupId, t.createdBy))) {
      await stopRecurring(t.groupId, t.id, now.toISOString());
      logger.info('recurring expense stopped: its group or its creator is gone', { recurringId: t.id, groupId: t.groupId });
      return { made, failed };
    }
    const request = { route: 'recurring', recurringId: t.id, on };
    try {
      const expense = await draftExpense({
        id: ulid(),
        groupId: t.groupId,
        groupCurrency: group.currency,
        memberIds: new Set((await membersOf(t.groupId)).map((m) => m.userId)),
        actorId: t.createdBy,
        body: t.expense,
        createdAt: now.toISOString(),
        recurring: { id: t.id, on },
      });
      const { record, message } = newExpenseRecord(expense);
      correlateWith(expense.id);
      await acceptCommand({
        userId: t.createdBy,
        idempotencyKey: `recurring#${t.id}#${on}`,
        request,
        record,
        message,
        extraItems: [advanceItem(t, n)],
        onConflict: () => new TemplateMoved(),
        response: { status: 202, body: toExpenseView(expense) },
        idempotencyTtlSeconds: OCCURRENCE_KEY_TTL_SECONDS,
        now,
      });
      made += 1;
      logger.info('recurring expense made', {
        recurringId: t.id,
        on,
        expenseId: expense.id,
        amount: formatAmount(toMinor(expense.amountMinor), expense.currency),
      });
    } catch (error) {
      if (error instanceof TemplateMoved) return { made, failed };
      if (!(error instanceof DomainError)) throw error;
      if (!(await giveUp(t, n, { on, reason: error.detail }))) return { made, failed };
      failed += 1;
      logger.warn('recurring expense occurrence refused', { recurringId: t.id, on, reason: error.detail });
    }
  }
  return { made, failed };
}

/** One run of the schedule: every due occurrence of every running template, by `now`'s UTC date. */
export async function makeDueOccurrences(now: Date): Promise<OccurrenceRun> {
  let [made, failed] = [0, 0];
  for (const key of await dueTemplates(now.toISOString().slice(0, 10))) {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: mainTableName(), Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
    );
    const t = Item as RecurringItem | undefined;
    if (t?.status !== 'ACTIVE') continue;
    try {
      const run = await runTemplate(t, now);
      made += run.made;
      failed += run.failed;
    } catch (error) {
      // One template failing (a throttle, a timeout) holds up neither the others nor the next run.
      logger.error('recurring expense run failed; the next run tries again', { recurringId: t.id, error: error as Error });
    }
  }
  return { made, failed };
}
