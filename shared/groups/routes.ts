/** Route contracts of groups, expenses and settlements (see shared/http/contract.ts). */
import { defineRoute } from '../http/contract';
import { ListQuerySchema } from '../http/list-query';
import { notYourAccount } from '../ledger/routes';
import { pageOf } from '../ledger/schemas';
import * as z from '../validation/zod';
import {
  ActivitySchema,
  AddedMemberSchema,
  AddMemberRequestSchema,
  BalancesSchema,
  CommentSchema,
  CreateCommentRequestSchema,
  CreateExpenseRequestSchema,
  CreateGroupRequestSchema,
  CreateRecurringRequestSchema,
  CreateSettlementRequestSchema,
  ExpenseFilterSchema,
  ExpenseSchema,
  GroupEventSchema,
  GroupSchema,
  GroupSummarySchema,
  InvitedMemberSchema,
  MAX_RECURRING_PER_GROUP,
  MemberViewSchema,
  PutRateRequestSchema,
  RateSchema,
  RecurringSchema,
  SetReceivingAccountRequestSchema,
  SettlementSchema,
  UpdateExpenseRequestSchema,
} from './schemas';

const tag = 'Groups';
/** Group writes check membership after visibility: an admin may read any group but change none. */
const NOT_A_MEMBER = { 403: 'The caller is an admin who is not a member (admins may read a group, not change it)' } as const;

export const createGroup = defineRoute({
  method: 'POST',
  path: '/groups',
  auth: true,
  summary: 'Create a group',
  tag,
  status: 201,
  body: CreateGroupRequestSchema,
  response: GroupSchema,
  idempotency: { identity: 'POST /groups' },
});

export const listGroups = defineRoute({
  method: 'GET',
  path: '/groups',
  auth: true,
  summary: 'The caller’s groups',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(GroupSummarySchema),
});

export const getGroup = defineRoute({
  method: 'GET',
  path: '/groups/{id}',
  auth: true,
  summary: 'A group and its members',
  tag,
  status: 200,
  response: GroupSchema,
});

export const addMember = defineRoute({
  method: 'POST',
  path: '/groups/{id}/members',
  auth: true,
  summary: 'Add a member by email',
  tag,
  status: 201,
  body: AddMemberRequestSchema,
  response: AddedMemberSchema,
  otherSuccesses: {
    202: {
      description: 'No user has that address and invite: true: an invitation, bound when its owner verifies it',
      response: InvitedMemberSchema,
    },
  },
  idempotency: { identity: 'POST /groups/members', params: { groupId: 'id' } },
  errors: {
    ...NOT_A_MEMBER,
    404: 'No such group (or not the caller’s), or no user with that email and no invite: true (with it: 202 INVITED)',
    409: 'That user is already a member (or the address already invited), or the idempotency key was reused with a different body',
  },
});

export const createExpense = defineRoute({
  method: 'POST',
  path: '/groups/{id}/expenses',
  auth: true,
  summary: 'Add an expense',
  tag,
  status: 202,
  body: CreateExpenseRequestSchema,
  response: ExpenseSchema,
  idempotency: { identity: 'POST /groups/expenses', params: { groupId: 'id' } },
  errors: NOT_A_MEMBER,
});

export const listExpenses = defineRoute({
  method: 'GET',
  path: '/groups/{id}/expenses',
  auth: true,
  summary: 'The group’s expenses, filtered by tag, payer, participant and date range',
  tag,
  status: 200,
  query: z.extend(ListQuerySchema, ExpenseFilterSchema.shape),
  response: pageOf(ExpenseSchema),
});

export const getExpense = defineRoute({
  method: 'GET',
  path: '/groups/{id}/expenses/{expenseId}',
  auth: true,
  summary: 'An expense',
  tag,
  status: 200,
  response: ExpenseSchema,
});

/** Deleting is idempotent by itself (a repeat finds the expense DELETED), so it takes no idempotency key. */
export const deleteExpense = defineRoute({
  method: 'DELETE',
  path: '/groups/{id}/expenses/{expenseId}',
  auth: true,
  summary: 'Delete an expense (reverses its effect)',
  tag,
  status: 202,
  response: ExpenseSchema,
  errors: { ...NOT_A_MEMBER, 409: 'The expense is still PENDING, or FAILED (it changed no balance)' },
});

export const getBalances = defineRoute({
  method: 'GET',
  path: '/groups/{id}/balances',
  auth: true,
  summary: 'Net balances and a minimal settle-up plan',
  tag,
  status: 200,
  response: BalancesSchema,
});

export const createSettlement = defineRoute({
  method: 'POST',
  path: '/groups/{id}/settlements',
  auth: true,
  summary: 'Settle a debt through a wallet transfer',
  tag,
  movesMoney: true,
  status: 202,
  body: CreateSettlementRequestSchema,
  response: SettlementSchema,
  idempotency: { identity: 'POST /groups/settlements', params: { groupId: 'id' } },
  errors: {
    ...NOT_A_MEMBER,
    400: 'Validation failed; or the amount is more than the caller owes the payee in the group’s nets (the detail names the most)',
    404: `No such group (or not the caller’s); or: ${notYourAccount('fromAccountId')}`,
    409: 'Without toAccountId: the payee has named no receiving account (PUT /groups/{id}/members/me)',
  },
});

export const getSettlement = defineRoute({
  method: 'GET',
  path: '/groups/{id}/settlements/{settlementId}',
  auth: true,
  summary: 'A settlement',
  tag,
  status: 200,
  response: SettlementSchema,
});

export const createComment = defineRoute({
  method: 'POST',
  path: '/groups/{id}/expenses/{expenseId}/comments',
  auth: true,
  summary: 'Comment on an expense',
  tag,
  status: 201,
  body: CreateCommentRequestSchema,
  response: CommentSchema,
  idempotency: { identity: 'POST /comments', params: { groupId: 'id', expenseId: 'expenseId' } },
  errors: NOT_A_MEMBER,
});

export const listComments = defineRoute({
  method: 'GET',
  path: '/groups/{id}/expenses/{expenseId}/comments',
  auth: true,
  summary: 'Comments on an expense',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(CommentSchema),
});

export const listGroupEvents = defineRoute({
  method: 'GET',
  path: '/groups/{id}/events',
  auth: true,
  summary: 'The group’s event stream, in order',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(GroupEventSchema),
});

export const updateExpense = defineRoute({
  method: 'PATCH',
  path: '/groups/{id}/expenses/{expenseId}',
  auth: true,
  summary: 'Edit an expense (If-Match: "<version>"); only the difference moves the balances',
  tag,
  headers: { 'if-match': { description: 'The version of the expense the edit was made against: `"<version>"`', required: true } },
  status: 202,
  body: UpdateExpenseRequestSchema,
  response: ExpenseSchema,
  errors: {
    ...NOT_A_MEMBER,
    409: 'The expense is not COMPLETED (still PENDING, FAILED or DELETED)',
    412: 'If-Match names a version that is not the current one (precondition-failed)',
    428: 'No If-Match header (precondition-required)',
  },
});

/** Restoring is idempotent by itself (a repeat finds the expense COMPLETED), so it takes no idempotency key. */
export const restoreExpense = defineRoute({
  method: 'POST',
  path: '/groups/{id}/expenses/{expenseId}/restore',
  auth: true,
  summary: 'Restore a deleted expense (re-applies it exactly)',
  tag,
  status: 202,
  response: ExpenseSchema,
  errors: { ...NOT_A_MEMBER, 409: 'The expense is PENDING or FAILED' },
});

export const setReceivingAccount = defineRoute({
  method: 'PUT',
  path: '/groups/{id}/members/me',
  auth: true,
  summary: 'Name the caller’s receiving account for the group currency',
  tag,
  status: 200,
  body: SetReceivingAccountRequestSchema,
  response: MemberViewSchema,
  errors: {
    ...NOT_A_MEMBER,
    400: 'Validation failed, or the account holds another currency',
    404: `No such group; or: ${notYourAccount('receivingAccountId')}`,
  },
});

export const removeMember = defineRoute({
  method: 'DELETE',
  path: '/groups/{id}/members/{userId}',
  auth: true,
  summary: 'Leave the group (your own id) or remove a member',
  tag,
  status: 204,
  errors: {
    ...NOT_A_MEMBER,
    404: 'No such group or member',
    409: 'The member’s net is not zero, or a settlement to or from them is on its way',
  },
});

export const listActivity = defineRoute({
  method: 'GET',
  path: '/groups/{id}/activity',
  auth: true,
  summary: 'Who changed what in the group, newest first',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(ActivitySchema),
});

export const exportExpenses = defineRoute({
  method: 'GET',
  path: '/groups/{id}/expenses.csv',
  auth: true,
  summary: 'Every expense as CSV (RFC 4180): a header row, then a row per expense and share',
  tag,
  status: 200,
  contentType: 'text/csv; charset=utf-8',
  response: z.string(),
});

export const createRecurring = defineRoute({
  method: 'POST',
  path: '/groups/{id}/recurring',
  auth: true,
  summary: 'Make an expense again every week, month or year, from startsOn (today or later) until endsOn or until stopped',
  tag,
  status: 201,
  body: CreateRecurringRequestSchema,
  response: RecurringSchema,
  idempotency: { identity: 'POST /groups/recurring', params: { groupId: 'id' } },
  errors: {
    ...NOT_A_MEMBER,
    400: 'Validation failed, as for an expense; or startsOn is before today, or endsOn before startsOn',
    409: `The group already runs ${MAX_RECURRING_PER_GROUP} recurring expenses, or the idempotency key was reused with a different body`,
  },
});

export const listRecurring = defineRoute({
  method: 'GET',
  path: '/groups/{id}/recurring',
  auth: true,
  summary: 'The group’s recurring expenses, oldest first: running, ended and stopped',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(RecurringSchema),
});

/** Stopping is idempotent by itself (stopping one that has ended or stopped is 204 too), so it takes no idempotency key. */
export const stopRecurring = defineRoute({
  method: 'DELETE',
  path: '/groups/{id}/recurring/{recurringId}',
  auth: true,
  summary: 'Stop a recurring expense: no occurrence after this; those made stay',
  tag,
  status: 204,
  errors: { ...NOT_A_MEMBER, 404: 'No such group or recurring expense' },
});

/** The exchange-rate table an expense in another currency takes its rate from when it names none. */
export const putRate = defineRoute({
  method: 'PUT',
  path: '/admin/rates/{base}/{quote}',
  auth: true,
  summary: 'Set the exchange rate of a currency pair on a date (admins): one base is worth rate quote',
  tag: 'Admin',
  status: 200,
  body: PutRateRequestSchema,
  response: RateSchema,
  errors: {
    400: 'Validation failed, or base and quote are not two different supported currencies',
    404: 'The caller is not an admin (the same answer as an unknown route, so it cannot be probed)',
  },
});
