/** Route contracts of groups, expenses and settlements (see shared/http/contract.ts). */
import { defineRoute } from '../http/contract';
import { ListQuerySchema } from '../http/list-query';
import { notYourAccount } from '../ledger/routes';
import { pageOf } from '../ledger/schemas';
import {
  AddedMemberSchema,
  AddMemberRequestSchema,
  BalancesSchema,
  CommentSchema,
  CreateCommentRequestSchema,
  CreateExpenseRequestSchema,
  CreateGroupRequestSchema,
  CreateSettlementRequestSchema,
  ExpenseSchema,
  GroupEventSchema,
  GroupSchema,
  GroupSummarySchema,
  SettlementSchema,
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
  idempotency: { identity: 'POST /groups/members', params: { groupId: 'id' } },
  errors: {
    ...NOT_A_MEMBER,
    404: 'No such group (or not the caller’s), or no user with that email',
    409: 'That user is already a member, or the idempotency key was reused with a different body',
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
  summary: 'The group’s expenses',
  tag,
  status: 200,
  query: ListQuerySchema,
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
  status: 202,
  body: CreateSettlementRequestSchema,
  response: SettlementSchema,
  idempotency: { identity: 'POST /groups/settlements', params: { groupId: 'id' } },
  errors: { ...NOT_A_MEMBER, 404: `No such group (or not the caller’s); or: ${notYourAccount('fromAccountId')}` },
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
