/**
 * A typed client for the Evenly HTTP API, used by the `evenly` CLI, the console and the
 * end-to-end tests. Every method sends a route contract (shared/<domain>/routes.ts): the path,
 * method and idempotency header come from it, request types are `z.input` of its body schema
 * and answers `z.infer` of its response schema, so the client cannot drift from the handlers
 * or the OpenAPI document. Errors are thrown as `EvenlyApiError` carrying the problem details
 * (see problem.ts for answers whose body is not problem details).
 */
import * as admin from '../admin/routes';
import * as auth from '../auth/routes';
import type { SessionResponse, User } from '../auth/schemas';
import * as groups from '../groups/routes';
import type {
  ActivitySchema,
  AddedMemberSchema,
  BalancesSchema,
  CommentSchema,
  ExpenseSchema,
  GroupEventSchema,
  GroupSchema,
  GroupSummarySchema,
  InvitedMemberSchema,
  MemberViewSchema,
  RecurringSchema,
  SettlementSchema,
} from '../groups/schemas';
import {
  type BodyInputOf,
  fillPath,
  type HeaderNameOf,
  type ParamsOf,
  type PathParamName,
  type QueryInputOf,
  type ResponseOf,
  type RouteContract,
} from '../http/contract';
import * as ledger from '../ledger/routes';
import type { AccountEventSchema, AccountView, EntrySchema, TransferView } from '../ledger/schemas';
import * as platform from '../platform/routes';
import * as shop from '../shop/routes';
import type { ProductView, PurchaseView } from '../shop/schemas';
import type * as z from '../validation/zod';
import { SIGNATURE_HEADER } from '../webhooks/header';
import { EvenlyApiError, parseBody, problemOf } from './problem';

export { EvenlyApiError, type Problem, problemOf, UNTYPED_PROBLEM } from './problem';

export type Group = z.infer<typeof GroupSchema>;
export type GroupSummary = z.infer<typeof GroupSummarySchema>;
export type GroupEvent = z.infer<typeof GroupEventSchema>;
export type Expense = z.infer<typeof ExpenseSchema>;
export type Balances = z.infer<typeof BalancesSchema>;
export type Settlement = z.infer<typeof SettlementSchema>;
export type Comment = z.infer<typeof CommentSchema>;
export type MemberView = z.infer<typeof MemberViewSchema>;
export type AddedMember = z.infer<typeof AddedMemberSchema>;
export type InvitedMember = z.infer<typeof InvitedMemberSchema>;
export type Activity = z.infer<typeof ActivitySchema>;
export type ExpenseInput = Input<typeof groups.createExpense>;
export type ExpenseEdit = Input<typeof groups.updateExpense>;
export type Recurring = z.infer<typeof RecurringSchema>;
/** An expense made again every week, month or year from `startsOn` (YYYY-MM-DD, today or later) to `endsOn`. */
export type RecurringInput = Input<typeof groups.createRecurring>;
/** The list filters of expenses (tag, payer, participant, a createdAt range). */
export type ExpenseFilter = Omit<NonNullable<QueryInputOf<typeof groups.listExpenses>>, 'limit' | 'cursor'>;
/** The payment provider's deposit event (`POST /webhooks/deposits`). */
export type DepositWebhookEvent = Input<typeof ledger.receiveDepositWebhook>;

/** A mail in the local runtime's mailbox (`GET /_local/mailbox`). */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly sentAt: string;
}

export type Session = SessionResponse;

export type Entry = z.infer<typeof EntrySchema>;
export type AccountEvent = z.infer<typeof AccountEventSchema>;
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
export interface ListOptions {
  readonly limit?: number;
  readonly cursor?: string;
}
export interface CommandOptions {
  readonly idempotencyKey?: string;
}

/**
 * A request body as a caller may write it: the body schema's input, with closed sets of
 * strings at its top level (a currency code) widened to `string`. Callers pass what a user
 * typed; the server answers an unknown code with a 400 validation-error.
 */
export type Input<C extends RouteContract> = { [K in keyof BodyInputOf<C>]: BodyInputOf<C>[K] extends string ? string : BodyInputOf<C>[K] };

/** What `send` needs for one contract: its path parameters, body and declared headers when it has them. */
export type SendRequest<C extends RouteContract> = (PathParamName<C['path']> extends never
  ? { readonly params?: undefined }
  : { readonly params: ParamsOf<C> }) &
  (BodyInputOf<C> extends undefined ? { readonly body?: undefined } : { readonly body: Input<C> }) &
  ([HeaderNameOf<C>] extends [never]
    ? { readonly headers?: undefined }
    : { readonly headers?: { readonly [K in HeaderNameOf<C>]?: string } }) & {
    readonly query?: QueryInputOf<C> extends undefined ? undefined : QueryInputOf<C>;
    readonly idempotencyKey?: string | undefined;
  };

export interface ApiResponse<T> {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly headers?: Record<string, string>;
  /** A success body is text in another media type than JSON (a CSV export): kept as sent, not parsed. */
  readonly isText?: boolean;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly accessToken?: string;
  /** Called on a 401 to get a fresh access token (e.g. by refreshing the session); one retry. */
  readonly onUnauthorized?: () => Promise<string | undefined>;
}

export class EvenlyClient {
  private accessToken: string | undefined;

  constructor(private readonly options: ClientOptions) {
    this.accessToken = options.accessToken;
  }

  get token(): string | undefined {
    return this.accessToken;
  }

  withToken(accessToken: string): EvenlyClient {
    return new EvenlyClient({ ...this.options, accessToken });
  }

  /** Low-level call: returns status, headers and parsed body whatever the status. */
  async raw<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(path.replace(/^\//, ''), this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const send = (token: string | undefined) =>
      fetch(url, {
        method,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
          ...(options.headers ?? {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    let response = await send(this.accessToken);
    if (response.status === 401 && this.accessToken) {
      const fresh = await this.renewToken();
      if (fresh) response = await send(fresh);
    }
    const text = await response.text();
    const body = (options.isText && response.ok ? text : parseBody(text)) as T;
    return { status: response.status, statusText: response.statusText, headers: response.headers, body };
  }

  /**
   * A fresh access token from `onUnauthorized` (e.g. by refreshing the session), kept for
   * later calls; undefined when there is none. For callers outside `raw`, such as a
   * WebSocket whose connection was refused with the current token.
   */
  async renewToken(): Promise<string | undefined> {
    const fresh = await this.options.onUnauthorized?.();
    if (fresh) this.accessToken = fresh;
    return fresh;
  }

  /** Throws EvenlyApiError on any non-2xx answer. */
  async call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.raw<T>(method, path, options);
    if (response.status >= 400) throw new EvenlyApiError(response.status, problemOf(response.status, response.statusText, response.body));
    return response.body;
  }

  /** Sends one route contract's request; throws EvenlyApiError on any non-2xx answer. */
  send<C extends RouteContract>(contract: C, request: SendRequest<C>): Promise<ResponseOf<C>> {
    const { path, options } = requestOf(contract, request);
    return this.call(contract.method, path, options);
  }

  /** Sends one route contract's request and answers status, headers and body whatever the status. */
  sendRaw<C extends RouteContract>(contract: C, request: SendRequest<C>): Promise<ApiResponse<ResponseOf<C>>> {
    const { path, options } = requestOf(contract, request);
    return this.raw(contract.method, path, options);
  }

  // Platform and admin
  health(): Promise<ResponseOf<typeof platform.getHealth>> {
    return this.send(platform.getHealth, {});
  }
  openApiDocument(): Promise<Record<string, unknown>> {
    return this.send(platform.getOpenApi, {});
  }
  asyncApiDocument(): Promise<Record<string, unknown>> {
    return this.send(platform.getAsyncApi, {});
  }
  /** The interactive documentation page (HTML). */
  docsPage(): Promise<string> {
    return this.send(platform.getDocs, {});
  }
  redrive(name: string): Promise<ResponseOf<typeof admin.redriveQueue>> {
    return this.send(admin.redriveQueue, { params: { name } });
  }
  reconcile(): Promise<ResponseOf<typeof admin.runReconciliation>> {
    return this.send(admin.runReconciliation, {});
  }

  // Users and sessions
  register(input: Input<typeof auth.registerUser>): Promise<Session> {
    return this.send(auth.registerUser, { body: input });
  }
  login(input: Input<typeof auth.loginUser>): Promise<Session> {
    return this.send(auth.loginUser, { body: input });
  }
  refresh(refreshToken: string): Promise<Session> {
    return this.send(auth.refreshSession, { body: { refreshToken } });
  }
  async logout(refreshToken: string): Promise<void> {
    await this.send(auth.logoutSession, { body: { refreshToken } });
  }
  verifyEmail(code: string): Promise<User> {
    return this.send(auth.verifyEmail, { body: { code } });
  }
  resendVerification(): Promise<ResponseOf<typeof auth.resendVerification>> {
    return this.send(auth.resendVerification, {});
  }
  /** The local runtime's mailbox of an address, newest first (that route exists only there, outside the API's contracts). */
  mailbox(to: string): Promise<{ items: Mail[] }> {
    return this.call('GET', '/_local/mailbox', { query: { to } });
  }
  /**
   * Sends a deposit as the payment provider would, with the `evenly-signature` header that
   * `sign` makes for the raw body (shared/webhooks/signature.ts `signatureHeader`; kept out of
   * here so the browser bundle has no node:crypto).
   */
  sendDepositWebhook(event: DepositWebhookEvent, sign: (rawBody: string) => string): Promise<ApiResponse<TransferView>> {
    // `raw` sends JSON.stringify(body): the very text signed here.
    return this.sendRaw(ledger.receiveDepositWebhook, { body: event, headers: { [SIGNATURE_HEADER]: sign(JSON.stringify(event)) } });
  }
  me(): Promise<User> {
    return this.send(auth.getMe, {});
  }

  // Wallets and transfers
  createAccount(input: Input<typeof ledger.createAccount>, options: CommandOptions = {}): Promise<AccountView> {
    return this.send(ledger.createAccount, { body: input, ...options });
  }
  listAccounts(list: ListOptions = {}): Promise<Page<AccountView>> {
    return this.send(ledger.listAccounts, { query: { ...list } });
  }
  getAccount(id: string): Promise<AccountView> {
    return this.send(ledger.getAccount, { params: { id } });
  }
  entries(id: string, list: ListOptions = {}): Promise<Page<Entry>> {
    return this.send(ledger.listEntries, { params: { id }, query: { ...list } });
  }
  accountEvents(id: string, list: ListOptions = {}): Promise<Page<AccountEvent>> {
    return this.send(ledger.listAccountEvents, { params: { id }, query: { ...list } });
  }
  deposit(accountId: string, amount: string, options: CommandOptions = {}): Promise<TransferView> {
    return this.send(ledger.createDeposit, { params: { id: accountId }, body: { amount }, ...options });
  }
  withdraw(accountId: string, amount: string, options: CommandOptions = {}): Promise<TransferView> {
    return this.send(ledger.createWithdrawal, { params: { id: accountId }, body: { amount }, ...options });
  }
  transfer(input: Input<typeof ledger.createTransfer>, options: CommandOptions = {}): Promise<TransferView> {
    return this.send(ledger.createTransfer, { body: input, ...options });
  }
  getTransfer(id: string): Promise<TransferView> {
    return this.send(ledger.getTransfer, { params: { id } });
  }
  /** Waits until a transfer is COMPLETED or FAILED. */
  settled(transfer: { id: string }, timeoutMs?: number): Promise<TransferView> {
    return this.waitFor(
      () => this.getTransfer(transfer.id),
      (t) => t.status !== 'PENDING',
      timeoutMs,
    );
  }

  // Shop
  createProduct(input: Input<typeof shop.createProduct>, options: CommandOptions = {}): Promise<ProductView> {
    return this.send(shop.createProduct, { body: input, ...options });
  }
  listProducts(list: ListOptions = {}): Promise<Page<ProductView>> {
    return this.send(shop.listProducts, { query: { ...list } });
  }
  getProduct(sku: string): Promise<ProductView> {
    return this.send(shop.getProduct, { params: { sku } });
  }
  updateProduct(sku: string, patch: Input<typeof shop.updateProduct>): Promise<ProductView> {
    return this.send(shop.updateProduct, { params: { sku }, body: patch });
  }
  buy(input: Input<typeof shop.createPurchase>, options: CommandOptions = {}): Promise<PurchaseView> {
    return this.send(shop.createPurchase, { body: input, ...options });
  }
  getPurchase(id: string): Promise<PurchaseView> {
    return this.send(shop.getPurchase, { params: { id } });
  }
  myPurchases(list: ListOptions = {}): Promise<Page<PurchaseView>> {
    return this.send(shop.listMyPurchases, { query: { ...list } });
  }
  /** Waits until a purchase is COMPLETED or FAILED. */
  purchaseSettled(purchase: { id: string }, timeoutMs?: number): Promise<PurchaseView> {
    return this.waitFor(
      () => this.getPurchase(purchase.id),
      (p) => p.status !== 'PENDING',
      timeoutMs,
    );
  }

  // Groups
  createGroup(input: Input<typeof groups.createGroup>, options: CommandOptions = {}): Promise<Group> {
    return this.send(groups.createGroup, { body: input, ...options });
  }
  listGroups(list: ListOptions = {}): Promise<Page<GroupSummary>> {
    return this.send(groups.listGroups, { query: { ...list } });
  }
  getGroup(id: string): Promise<Group> {
    return this.send(groups.getGroup, { params: { id } });
  }
  addMember(groupId: string, email: string): Promise<AddedMember> {
    return this.send(groups.addMember, { params: { id: groupId }, body: { email } });
  }
  /** Invites an address that may have no user yet (202 INVITED): it joins once its owner verifies it. */
  inviteMember(groupId: string, email: string): Promise<AddedMember | InvitedMember> {
    // The contract's other success (202) has its own body: a member when the address has a user, else the invitation.
    return this.send(groups.addMember, { params: { id: groupId }, body: { email, invite: true } });
  }
  addExpense(groupId: string, input: ExpenseInput, options: CommandOptions = {}): Promise<Expense> {
    return this.send(groups.createExpense, { params: { id: groupId }, body: input, ...options });
  }
  getExpense(groupId: string, expenseId: string): Promise<Expense> {
    return this.send(groups.getExpense, { params: { id: groupId, expenseId } });
  }
  listExpenses(groupId: string, list: ListOptions & ExpenseFilter = {}): Promise<Page<Expense>> {
    return this.send(groups.listExpenses, { params: { id: groupId }, query: { ...list } });
  }
  /** Edits an expense at the version the caller saw (If-Match): 412 when it has moved since. */
  editExpense(groupId: string, expenseId: string, version: number, input: ExpenseEdit): Promise<Expense> {
    return this.send(groups.updateExpense, { params: { id: groupId, expenseId }, body: input, headers: { 'if-match': `"${version}"` } });
  }
  restoreExpense(groupId: string, expenseId: string): Promise<Expense> {
    return this.send(groups.restoreExpense, { params: { id: groupId, expenseId } });
  }
  setReceivingAccount(groupId: string, receivingAccountId: string): Promise<MemberView> {
    return this.send(groups.setReceivingAccount, { params: { id: groupId }, body: { receivingAccountId } });
  }
  /** Leaves the group (the caller's own id) or removes a member; 409 while their net is not zero. */
  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.send(groups.removeMember, { params: { id: groupId, userId } });
  }
  addRecurring(groupId: string, input: RecurringInput, options: CommandOptions = {}): Promise<Recurring> {
    return this.send(groups.createRecurring, { params: { id: groupId }, body: input, ...options });
  }
  listRecurring(groupId: string, list: ListOptions = {}): Promise<Page<Recurring>> {
    return this.send(groups.listRecurring, { params: { id: groupId }, query: { ...list } });
  }
  async stopRecurring(groupId: string, recurringId: string): Promise<void> {
    await this.send(groups.stopRecurring, { params: { id: groupId, recurringId } });
  }
  activity(groupId: string, list: ListOptions = {}): Promise<Page<Activity>> {
    return this.send(groups.listActivity, { params: { id: groupId }, query: { ...list } });
  }
  /** Admins: the rate of a currency pair on a date (one `base` is worth `rate` `quote`). */
  putRate(base: string, quote: string, input: Input<typeof groups.putRate>): Promise<ResponseOf<typeof groups.putRate>> {
    return this.send(groups.putRate, { params: { base, quote }, body: input });
  }
  /** The CSV export as text (RFC 4180). */
  exportExpenses(groupId: string): Promise<string> {
    return this.send(groups.exportExpenses, { params: { id: groupId } });
  }
  deleteExpense(groupId: string, expenseId: string): Promise<Expense> {
    return this.send(groups.deleteExpense, { params: { id: groupId, expenseId } });
  }
  balances(groupId: string): Promise<Balances> {
    return this.send(groups.getBalances, { params: { id: groupId } });
  }
  settle(groupId: string, input: Input<typeof groups.createSettlement>, options: CommandOptions = {}): Promise<Settlement> {
    return this.send(groups.createSettlement, { params: { id: groupId }, body: input, ...options });
  }
  getSettlement(groupId: string, settlementId: string): Promise<Settlement> {
    return this.send(groups.getSettlement, { params: { id: groupId, settlementId } });
  }
  comment(groupId: string, expenseId: string, text: string): Promise<Comment> {
    return this.send(groups.createComment, { params: { id: groupId, expenseId }, body: { text } });
  }
  comments(groupId: string, expenseId: string, list: ListOptions = {}): Promise<Page<Comment>> {
    return this.send(groups.listComments, { params: { id: groupId, expenseId }, query: { ...list } });
  }
  groupEvents(groupId: string, list: ListOptions = {}): Promise<Page<GroupEvent>> {
    return this.send(groups.listGroupEvents, { params: { id: groupId }, query: { ...list } });
  }
  /** Waits until an expense leaves PENDING (or reaches `status`). */
  expenseSettled(groupId: string, expense: { id: string }, status?: string, timeoutMs?: number): Promise<Expense> {
    return this.waitFor(
      () => this.getExpense(groupId, expense.id),
      (e) => (status ? e.status === status : e.status !== 'PENDING'),
      timeoutMs,
    );
  }

  /** Polls `get` until `isDone` holds, for at most `timeoutMs`. */
  async waitFor<T>(get: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await get();
      if (isDone(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** The path and request options of one contract's request: path, method and idempotency header from the contract. */
function requestOf(contract: RouteContract, request: object): { path: string; options: RequestOptions } {
  const { params, body, query, headers, idempotencyKey } = request as {
    params?: Record<string, string>;
    body?: unknown;
    query?: Record<string, string | number | undefined>;
    headers?: Record<string, string | undefined>;
    idempotencyKey?: string;
  };
  const sent = Object.entries(headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const isText = contract.contentType !== undefined && !/json/.test(contract.contentType);
  return {
    path: fillPath(contract.path, params ?? {}),
    options: {
      ...(body === undefined ? {} : { body }),
      ...(query === undefined ? {} : { query }),
      ...(sent.length ? { headers: Object.fromEntries(sent) } : {}),
      ...(contract.idempotency && contract.idempotency.keyField === undefined && idempotencyKey ? { idempotencyKey } : {}),
      ...(isText ? { isText } : {}),
    },
  };
}
