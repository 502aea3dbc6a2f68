/**
 * What the OpenAPI document says about each route: summary, request and response
 * schemas — the same zod schemas the handlers validate with — and the error statuses
 * its handler decides. Paths and methods come from the manifest; a manifest route
 * without an entry here fails the document build.
 */
import {
  LoginRequestSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  SessionResponseSchema,
  UserSchema,
  VerifyEmailRequestSchema,
} from '../auth/schemas';
import {
  ActivitySchema,
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
  GroupSchema,
  MAX_RECURRING_PER_GROUP,
  MemberSchema,
  MemberViewSchema,
  PutRateRequestSchema,
  RateSchema,
  RecurringSchema,
  SetReceivingAccountRequestSchema,
  SettlementSchema,
  UpdateExpenseRequestSchema,
} from '../groups/schemas';
import { ListQuerySchema } from '../http/list-query';
import {
  AccountEventSchema,
  AccountSchema,
  CreateAccountRequestSchema,
  CreateTransferRequestSchema,
  DepositWebhookSchema,
  EntrySchema,
  MoneyMovementRequestSchema,
  pageOf,
  TransferSchema,
} from '../ledger/schemas';
import { ReconciliationReportSchema } from '../reconciliation/schemas';
import {
  CreateProductRequestSchema,
  CreatePurchaseRequestSchema,
  ProductSchema,
  PurchaseSchema,
  UpdateProductRequestSchema,
} from '../shop/schemas';
import * as z from '../validation/zod';

/**
 * An error status a route answers: what it means (the body is problem details), or its
 * own body when it is not problem details (`GET /health` answers 503 with the health report).
 */
export type ErrorDoc =
  | string
  | { readonly description: string; readonly response?: z.ZodMiniType; readonly headers?: Readonly<Record<string, string>> };

export interface RouteDoc {
  readonly summary: string;
  readonly tag: string;
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly status: number;
  readonly response?: z.ZodMiniType;
  /** Accepts an idempotency-key header. */
  readonly idempotent?: boolean;
  /**
   * The error statuses the route's own handler decides (a rule it enforces), by status.
   * Those the shared HTTP handler gives every route of a shape (validation, auth, unknown
   * path ids, body limits) are added by the document builder; an entry here for one of
   * those replaces its generic description.
   */
  readonly errors?: Readonly<Record<number, ErrorDoc>>;
}

const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), components: z.record(z.string(), z.enum(['ok', 'down'])) });
const GroupSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  memberCount: z.int(),
  createdAt: z.string(),
});
const GroupEventSchema = z.object({
  seq: z.int(),
  type: z.string(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
/** `hasMore`: the call stopped at its time or message bound before the DLQ was empty; call again. */
const RedriveSchema = z.object({ queue: z.string(), moved: z.int(), hasMore: z.boolean() });

const ok = (summary: string, tag: string, response: z.ZodMiniType, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  summary,
  tag,
  status: 200,
  response,
  ...extra,
});
const created = (summary: string, tag: string, body: z.ZodMiniType, response: z.ZodMiniType, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  summary,
  tag,
  status: 201,
  body,
  response,
  idempotent: true,
  ...extra,
});
const accepted = (summary: string, tag: string, body: z.ZodMiniType, response: z.ZodMiniType, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  summary,
  tag,
  status: 202,
  body,
  response,
  idempotent: true,
  ...extra,
});
/** Group writes check membership after visibility: an admin may read any group but change none. */
const NOT_A_MEMBER = { 403: 'The caller is an admin who is not a member (admins may read a group, not change it)' } as const;
/** A command naming the caller's account in its body: someone else's answers 404, like an unknown id. */
const notYourAccount = (field: string) => `No such ${field}, or it is not the caller's account`;

const RATE_LIMITED: ErrorDoc = {
  description: 'Too many requests from this address (rate-limited)',
  headers: { 'retry-after': 'Seconds until a request is allowed again' },
};
const EMAIL_NOT_VERIFIED = 'Verification is required and the caller’s email is not verified (email-not-verified)';

const list = (summary: string, tag: string, item: z.ZodMiniType): RouteDoc => ok(summary, tag, pageOf(item), { query: ListQuerySchema });

export const routeDocs: Record<string, RouteDoc> = {
  'GET /health': ok('Health of each component', 'Platform', HealthSchema, {
    errors: { 503: { description: 'A component is down (status degraded)', response: HealthSchema } },
  }),
  'GET /openapi.json': ok('This OpenAPI document', 'Platform', z.record(z.string(), z.unknown())),
  'GET /asyncapi.json': ok('The AsyncAPI 3.0 document of the WebSocket protocol', 'Platform', z.record(z.string(), z.unknown())),
  'GET /docs': { summary: 'Interactive API documentation (HTML)', tag: 'Platform', status: 200 },
  'POST /auth/register': {
    summary: 'Register and sign in',
    tag: 'Users',
    status: 201,
    body: RegisterRequestSchema,
    response: SessionResponseSchema,
    errors: { 409: 'An account with this email (case-insensitive) already exists (conflict)', 429: RATE_LIMITED },
  },
  'POST /auth/login': ok('Sign in', 'Users', SessionResponseSchema, {
    body: LoginRequestSchema,
    errors: {
      401: 'Wrong email or password (the same answer for both)',
      429: {
        description: 'Too many failed logins for this email from this address, or requests from this address (rate-limited)',
        headers: { 'retry-after': 'Seconds until the next attempt is allowed' },
      },
    },
  }),
  'POST /auth/refresh': ok('Rotate the refresh token', 'Users', SessionResponseSchema, {
    body: RefreshRequestSchema,
    errors: {
      401: 'The refresh token is not valid, or was already used (then the whole session is revoked)',
      429: RATE_LIMITED,
    },
  }),
  'POST /auth/verify-email': ok('Verify the caller’s email with the emailed code', 'Users', UserSchema, {
    body: VerifyEmailRequestSchema,
    errors: { 400: 'The code is wrong, expired or used up (validation-error, path code)' },
  }),
  'POST /auth/verify-email/resend': {
    summary: 'Email another verification code',
    tag: 'Users',
    status: 202,
    response: z.object({ status: z.literal('SENT'), to: z.string() }),
    errors: {
      409: 'The email is already verified (conflict)',
      429: {
        description: 'A code was sent within the cooldown (rate-limited)',
        headers: { 'retry-after': 'Seconds until another may be sent' },
      },
    },
  },
  'POST /auth/logout': { summary: 'End the session', tag: 'Users', status: 204, body: RefreshRequestSchema },
  'GET /me': ok('The caller', 'Users', UserSchema),
  'POST /accounts': created('Open a wallet account', 'Wallets', CreateAccountRequestSchema, AccountSchema),
  'GET /accounts': list('The caller’s accounts', 'Wallets', AccountSchema),
  'GET /accounts/{id}': ok('An account with its balance', 'Wallets', AccountSchema),
  'GET /accounts/{id}/entries': list('Ledger entries, newest first', 'Wallets', EntrySchema),
  'GET /accounts/{id}/events': list('The account’s event stream, in order', 'Wallets', AccountEventSchema),
  'POST /accounts/{id}/deposits': accepted(
    'Deposit money (admins; the owner in sandbox mode only, within a daily cap)',
    'Wallets',
    MoneyMovementRequestSchema,
    TransferSchema,
    {
      errors: {
        403: `Not a sandbox and the caller is no admin (forbidden); or: ${EMAIL_NOT_VERIFIED}`,
        429: {
          description: 'The account’s daily sandbox cap is reached (rate-limited)',
          headers: { 'retry-after': 'Seconds until the next UTC day' },
        },
      },
    },
  ),
  'POST /accounts/{id}/withdrawals': accepted('Withdraw money', 'Wallets', MoneyMovementRequestSchema, TransferSchema, {
    errors: { 403: EMAIL_NOT_VERIFIED },
  }),
  'POST /transfers': accepted('Transfer between accounts', 'Wallets', CreateTransferRequestSchema, TransferSchema, {
    errors: { 403: EMAIL_NOT_VERIFIED, 404: notYourAccount('fromAccountId') },
  }),
  'POST /webhooks/deposits': {
    summary: 'The payment provider’s deposit notification (signed with evenly-signature, no bearer)',
    tag: 'Wallets',
    status: 202,
    body: DepositWebhookSchema,
    response: TransferSchema,
    errors: {
      400: 'The currency is not the account’s, or the body is not valid',
      401: 'The evenly-signature header is missing, malformed, older than 5 minutes or does not match the raw body',
      404: 'No such account',
      409: 'This event id was already used with a different body (idempotency-key-reused)',
      429: RATE_LIMITED,
    },
  },
  'GET /transfers/{id}': ok('A transfer', 'Wallets', TransferSchema),
  'POST /products': created('List a product', 'Shop', CreateProductRequestSchema, ProductSchema, {
    errors: {
      404: notYourAccount('merchantAccountId'),
      409: 'A product with this sku exists, or the idempotency key was reused with a different body',
    },
  }),
  'GET /products': list('The catalog', 'Shop', ProductSchema),
  'GET /products/{sku}': ok('A product with its stock', 'Shop', ProductSchema),
  'PATCH /products/{sku}': ok('Change price, stock or name', 'Shop', ProductSchema, { body: UpdateProductRequestSchema }),
  'POST /purchases': accepted('Buy a product', 'Shop', CreatePurchaseRequestSchema, PurchaseSchema, {
    errors: { 404: `No such product (sku); or: ${notYourAccount('accountId')}` },
  }),
  'GET /purchases/{id}': ok('A purchase', 'Shop', PurchaseSchema),
  'GET /users/me/purchases': list('The caller’s purchases', 'Shop', PurchaseSchema),
  'POST /groups': created('Create a group', 'Groups', CreateGroupRequestSchema, GroupSchema),
  'GET /groups': list('The caller’s groups', 'Groups', GroupSummarySchema),
  'GET /groups/{id}': ok('A group and its members', 'Groups', GroupSchema),
  'POST /groups/{id}/members': created(
    'Add a member by email',
    'Groups',
    AddMemberRequestSchema,
    z.extend(MemberSchema, { groupId: z.string() }),
    {
      errors: {
        ...NOT_A_MEMBER,
        404: 'No such group (or not the caller’s), or no user with that email and no invite: true (which answers 202 INVITED: the address joins when it registers)',
        409: 'That user is already a member (or the address already invited), or the idempotency key was reused with a different body',
      },
    },
  ),
  'POST /groups/{id}/expenses': accepted('Add an expense', 'Groups', CreateExpenseRequestSchema, ExpenseSchema, {
    errors: NOT_A_MEMBER,
  }),
  'GET /groups/{id}/expenses': ok(
    'The group’s expenses, filtered by tag, payer, participant and date range',
    'Groups',
    pageOf(ExpenseSchema),
    {
      query: z.extend(ListQuerySchema, ExpenseFilterSchema.shape),
    },
  ),
  'GET /groups/{id}/expenses/{expenseId}': ok('An expense', 'Groups', ExpenseSchema),
  // Deleting is idempotent by itself (a repeat finds the expense DELETED), so it takes no idempotency key.
  'DELETE /groups/{id}/expenses/{expenseId}': {
    summary: 'Delete an expense (reverses its effect)',
    tag: 'Groups',
    status: 202,
    response: ExpenseSchema,
    errors: { ...NOT_A_MEMBER, 409: 'The expense is still PENDING, or FAILED (it changed no balance)' },
  },
  'GET /groups/{id}/balances': ok('Net balances and a minimal settle-up plan', 'Groups', BalancesSchema),
  'POST /groups/{id}/settlements': accepted(
    'Settle a debt through a wallet transfer',
    'Groups',
    CreateSettlementRequestSchema,
    SettlementSchema,
    {
      errors: {
        ...NOT_A_MEMBER,
        400: 'Validation failed; or the amount is more than the caller owes the payee in the group’s nets (the detail names the most)',
        404: `No such group (or not the caller’s); or: ${notYourAccount('fromAccountId')}`,
        409: 'Without toAccountId: the payee has named no receiving account (PUT /groups/{id}/members/me)',
      },
    },
  ),
  'GET /groups/{id}/settlements/{settlementId}': ok('A settlement', 'Groups', SettlementSchema),
  'POST /groups/{id}/expenses/{expenseId}/comments': created('Comment on an expense', 'Groups', CreateCommentRequestSchema, CommentSchema, {
    errors: NOT_A_MEMBER,
  }),
  'GET /groups/{id}/expenses/{expenseId}/comments': list('Comments on an expense', 'Groups', CommentSchema),
  'GET /groups/{id}/events': list('The group’s event stream, in order', 'Groups', GroupEventSchema),
  'PATCH /groups/{id}/expenses/{expenseId}': {
    summary: 'Edit an expense (If-Match: "<version>"); only the difference moves the balances',
    tag: 'Groups',
    status: 202,
    body: UpdateExpenseRequestSchema,
    response: ExpenseSchema,
    errors: {
      ...NOT_A_MEMBER,
      409: 'The expense is not COMPLETED (still PENDING, FAILED or DELETED)',
      412: 'If-Match names a version that is not the current one (precondition-failed)',
      428: 'No If-Match header (precondition-required)',
    },
  },
  // Restoring is idempotent by itself (a repeat finds the expense COMPLETED), so it takes no idempotency key.
  'POST /groups/{id}/expenses/{expenseId}/restore': {
    summary: 'Restore a deleted expense (re-applies it exactly)',
    tag: 'Groups',
    status: 202,
    response: ExpenseSchema,
    errors: { ...NOT_A_MEMBER, 409: 'The expense is PENDING or FAILED' },
  },
  'PUT /groups/{id}/members/me': {
    summary: 'Name the caller’s receiving account for the group currency',
    tag: 'Groups',
    status: 200,
    body: SetReceivingAccountRequestSchema,
    response: MemberViewSchema,
    errors: {
      ...NOT_A_MEMBER,
      400: 'Validation failed, or the account holds another currency',
      404: `No such group; or: ${notYourAccount('receivingAccountId')}`,
    },
  },
  'DELETE /groups/{id}/members/{userId}': {
    summary: 'Leave the group (your own id) or remove a member',
    tag: 'Groups',
    status: 204,
    errors: { ...NOT_A_MEMBER, 404: 'No such group or member', 409: 'The member’s net is not zero' },
  },
  'GET /groups/{id}/activity': list('Who changed what in the group, newest first', 'Groups', ActivitySchema),
  'PUT /admin/rates/{base}/{quote}': {
    summary: 'Set the exchange rate of a currency pair on a date (admins): one base is worth rate quote',
    tag: 'Admin',
    status: 200,
    body: PutRateRequestSchema,
    response: RateSchema,
    errors: { 404: 'The caller is not an admin (the same answer as an unknown route, so it cannot be probed)' },
  },
  'POST /groups/{id}/recurring': created(
    'Make an expense again every week, month or year, from startsOn (today or later) until endsOn or until stopped',
    'Groups',
    CreateRecurringRequestSchema,
    RecurringSchema,
    { errors: { ...NOT_A_MEMBER, 409: `The group already runs ${MAX_RECURRING_PER_GROUP} recurring expenses` } },
  ),
  'GET /groups/{id}/recurring': ok('The group’s recurring expenses: running, ended and stopped', 'Groups', pageOf(RecurringSchema)),
  'DELETE /groups/{id}/recurring/{recurringId}': {
    summary: 'Stop a recurring expense: no occurrence after this; those made stay',
    tag: 'Groups',
    status: 204,
    errors: { ...NOT_A_MEMBER, 404: 'No such group or recurring expense' },
  },
  'GET /groups/{id}/expenses.csv': {
    summary: 'Every expense as CSV (RFC 4180): a header row, then a row per expense and share',
    tag: 'Groups',
    status: 200,
  },
  'POST /admin/queues/{name}/redrive': ok(
    'Move dead letters back: of a queue, an event rule or a schedule (admins)',
    'Admin',
    RedriveSchema,
    {
      errors: { 404: 'No such queue, rule or schedule, or the caller is not an admin (the same answer, so neither can be probed)' },
    },
  ),
  'POST /admin/reconciliations': ok(
    'Check the books now: money sums to zero, balances fold their entries (admins)',
    'Admin',
    ReconciliationReportSchema,
    {
      errors: { 404: 'The caller is not an admin' },
    },
  ),
};
