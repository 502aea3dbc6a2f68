/**
 * A typed client for the Evenly HTTP API, used by the `evenly` CLI and the end-to-end
 * tests. Response types come from the same zod schemas the handlers validate with.
 * Errors are thrown as `EvenlyApiError` carrying the problem details (see problem.ts for
 * answers whose body is not problem details).
 */
import type { SessionResponseSchema, User } from '../auth/schemas';
import type {
  ActivitySchema,
  BalancesSchema,
  CommentSchema,
  ExpenseSchema,
  GroupSchema,
  MemberViewSchema,
  RecurringSchema,
  SettlementSchema,
} from '../groups/schemas';
import type { AccountEventSchema, AccountView, EntrySchema, TransferView } from '../ledger/schemas';
import type { ProductView, PurchaseView } from '../shop/schemas';
import type * as z from '../validation/zod';
import { SIGNATURE_HEADER } from '../webhooks/header';
import { EvenlyApiError, parseBody, problemOf } from './problem';

export { EvenlyApiError, type Problem, problemOf, UNTYPED_PROBLEM } from './problem';

export type Group = z.infer<typeof GroupSchema>;
export type Expense = z.infer<typeof ExpenseSchema>;
export type Balances = z.infer<typeof BalancesSchema>;
export type Settlement = z.infer<typeof SettlementSchema>;
export type Comment = z.infer<typeof CommentSchema>;
export type MemberView = z.infer<typeof MemberViewSchema>;
export type Activity = z.infer<typeof ActivitySchema>;
export type Recurring = z.infer<typeof RecurringSchema>;
export interface ExpenseFilter {
  readonly tag?: string;
  readonly payer?: string;
  readonly participant?: string;
  readonly from?: string;
  readonly to?: string;
}
export interface ExpenseInput {
  description: string;
  amount: string;
  /** One payer, or several whose amounts sum to `amount`. */
  paidBy: string | { userId: string; amount: string }[];
  split: {
    type: 'equal' | 'exact' | 'percent' | 'shares';
    participants: { userId: string; amount?: string; percent?: string | number; shares?: number }[];
  };
  note?: string;
  tags?: string[];
  /** Paid in another currency: `amount` is in it, converted at `rate` or the admin table's rate of the day. */
  currency?: string;
  rate?: string;
}

/** An expense made again every week, month or year from `startsOn` (YYYY-MM-DD, today or later) to `endsOn`. */
export interface RecurringInput extends ExpenseInput {
  every: 'week' | 'month' | 'year';
  startsOn: string;
  endsOn?: string;
}

export type Session = z.infer<typeof SessionResponseSchema>;

/** A mail in the local runtime's mailbox (`GET /_local/mailbox`). */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly sentAt: string;
}

/** The payment provider's deposit event (`POST /webhooks/deposits`). */
export interface DepositWebhookEvent {
  readonly id: string;
  readonly accountId: string;
  readonly amount: string;
  readonly currency: string;
}

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
    const body = parseBody(await response.text()) as T;
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

  // Users and sessions
  register(input: { email: string; password: string; name: string }): Promise<Session> {
    return this.call('POST', '/auth/register', { body: input });
  }
  login(input: { email: string; password: string }): Promise<Session> {
    return this.call('POST', '/auth/login', { body: input });
  }
  refresh(refreshToken: string): Promise<Session> {
    return this.call('POST', '/auth/refresh', { body: { refreshToken } });
  }
  logout(refreshToken: string): Promise<void> {
    return this.call('POST', '/auth/logout', { body: { refreshToken } });
  }
  verifyEmail(code: string): Promise<User> {
    return this.call('POST', '/auth/verify-email', { body: { code } });
  }
  resendVerification(): Promise<{ status: 'SENT'; to: string }> {
    return this.call('POST', '/auth/verify-email/resend');
  }
  /** The local runtime's mailbox of an address, newest first (that route exists only there). */
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
    return this.raw('POST', '/webhooks/deposits', { body: event, headers: { [SIGNATURE_HEADER]: sign(JSON.stringify(event)) } });
  }
  me(): Promise<User> {
    return this.call('GET', '/me');
  }

  // Wallets and transfers
  createAccount(input: { currency: string; name?: string }, options: CommandOptions = {}): Promise<AccountView> {
    return this.call('POST', '/accounts', { body: input, ...options });
  }
  listAccounts(list: ListOptions = {}): Promise<Page<AccountView>> {
    return this.call('GET', '/accounts', { query: { ...list } });
  }
  getAccount(id: string): Promise<AccountView> {
    return this.call('GET', `/accounts/${encodeURIComponent(id)}`);
  }
  entries(id: string, list: ListOptions = {}): Promise<Page<Entry>> {
    return this.call('GET', `/accounts/${encodeURIComponent(id)}/entries`, { query: { ...list } });
  }
  accountEvents(id: string, list: ListOptions = {}): Promise<Page<AccountEvent>> {
    return this.call('GET', `/accounts/${encodeURIComponent(id)}/events`, { query: { ...list } });
  }
  deposit(accountId: string, amount: string, options: CommandOptions = {}): Promise<TransferView> {
    return this.call('POST', `/accounts/${encodeURIComponent(accountId)}/deposits`, { body: { amount }, ...options });
  }
  withdraw(accountId: string, amount: string, options: CommandOptions = {}): Promise<TransferView> {
    return this.call('POST', `/accounts/${encodeURIComponent(accountId)}/withdrawals`, { body: { amount }, ...options });
  }
  transfer(
    input: { fromAccountId: string; toAccountId: string; amount: string; currency: string; memo?: string },
    options: CommandOptions = {},
  ): Promise<TransferView> {
    return this.call('POST', '/transfers', { body: input, ...options });
  }
  getTransfer(id: string): Promise<TransferView> {
    return this.call('GET', `/transfers/${encodeURIComponent(id)}`);
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
  createProduct(
    input: { sku: string; name: string; price: string; currency: string; stock: number; merchantAccountId: string },
    options: CommandOptions = {},
  ): Promise<ProductView> {
    return this.call('POST', '/products', { body: input, ...options });
  }
  listProducts(list: ListOptions = {}): Promise<Page<ProductView>> {
    return this.call('GET', '/products', { query: { ...list } });
  }
  getProduct(sku: string): Promise<ProductView> {
    return this.call('GET', `/products/${encodeURIComponent(sku)}`);
  }
  updateProduct(sku: string, patch: { price?: string; stock?: number; name?: string }): Promise<ProductView> {
    return this.call('PATCH', `/products/${encodeURIComponent(sku)}`, { body: patch });
  }
  buy(input: { sku: string; quantity: number; accountId: string }, options: CommandOptions = {}): Promise<PurchaseView> {
    return this.call('POST', '/purchases', { body: input, ...options });
  }
  getPurchase(id: string): Promise<PurchaseView> {
    return this.call('GET', `/purchases/${encodeURIComponent(id)}`);
  }
  myPurchases(list: ListOptions = {}): Promise<Page<PurchaseView>> {
    return this.call('GET', '/users/me/purchases', { query: { ...list } });
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
  createGroup(input: { name: string; currency: string }, options: CommandOptions = {}): Promise<Group> {
    return this.call('POST', '/groups', { body: input, ...options });
  }
  listGroups(list: ListOptions = {}): Promise<Page<{ id: string; name: string; currency: string; memberCount: number }>> {
    return this.call('GET', '/groups', { query: { ...list } });
  }
  getGroup(id: string): Promise<Group> {
    return this.call('GET', `/groups/${encodeURIComponent(id)}`);
  }
  addMember(groupId: string, email: string): Promise<{ groupId: string; userId: string; name: string }> {
    return this.call('POST', `/groups/${encodeURIComponent(groupId)}/members`, { body: { email } });
  }
  addExpense(groupId: string, input: ExpenseInput, options: CommandOptions = {}): Promise<Expense> {
    return this.call('POST', `/groups/${encodeURIComponent(groupId)}/expenses`, { body: input, ...options });
  }
  getExpense(groupId: string, expenseId: string): Promise<Expense> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/expenses/${encodeURIComponent(expenseId)}`);
  }
  listExpenses(groupId: string, list: ListOptions & ExpenseFilter = {}): Promise<Page<Expense>> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/expenses`, { query: { ...list } });
  }
  /** Edits an expense at the version the caller saw (If-Match): 412 when it has moved since. */
  editExpense(groupId: string, expenseId: string, version: number, input: Partial<ExpenseInput>): Promise<Expense> {
    return this.call('PATCH', `/groups/${encodeURIComponent(groupId)}/expenses/${encodeURIComponent(expenseId)}`, {
      body: input,
      headers: { 'if-match': `"${version}"` },
    });
  }
  restoreExpense(groupId: string, expenseId: string): Promise<Expense> {
    return this.call('POST', `/groups/${encodeURIComponent(groupId)}/expenses/${encodeURIComponent(expenseId)}/restore`);
  }
  /** Invites an address that may have no user yet: it joins when that address registers. */
  inviteMember(groupId: string, email: string): Promise<{ groupId: string; email?: string; status?: string; userId?: string }> {
    return this.call('POST', `/groups/${encodeURIComponent(groupId)}/members`, { body: { email, invite: true } });
  }
  setReceivingAccount(groupId: string, receivingAccountId: string): Promise<MemberView> {
    return this.call('PUT', `/groups/${encodeURIComponent(groupId)}/members/me`, { body: { receivingAccountId } });
  }
  /** Leaves the group (the caller's own id) or removes a member; 409 while their net is not zero. */
  removeMember(groupId: string, userId: string): Promise<void> {
    return this.call('DELETE', `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}`);
  }
  addRecurring(groupId: string, input: RecurringInput, options: CommandOptions = {}): Promise<Recurring> {
    return this.call('POST', `/groups/${encodeURIComponent(groupId)}/recurring`, { body: input, ...options });
  }
  listRecurring(groupId: string): Promise<Page<Recurring>> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/recurring`);
  }
  async stopRecurring(groupId: string, recurringId: string): Promise<void> {
    await this.call('DELETE', `/groups/${encodeURIComponent(groupId)}/recurring/${encodeURIComponent(recurringId)}`);
  }
  activity(groupId: string, list: ListOptions = {}): Promise<Page<Activity>> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/activity`, { query: { ...list } });
  }
  /** Admins: the rate of a currency pair on a date (one `base` is worth `rate` `quote`). */
  putRate(
    base: string,
    quote: string,
    input: { rate: string; date: string },
  ): Promise<{ base: string; quote: string; rate: string; date: string }> {
    return this.call('PUT', `/admin/rates/${encodeURIComponent(base)}/${encodeURIComponent(quote)}`, { body: input });
  }
  /** The CSV export as text (RFC 4180). */
  async exportExpenses(groupId: string): Promise<string> {
    const url = new URL(
      `groups/${encodeURIComponent(groupId)}/expenses.csv`,
      this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`,
    );
    const response = await fetch(url, { headers: this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {} });
    const text = await response.text();
    if (response.status >= 400) throw new EvenlyApiError(response.status, problemOf(response.status, response.statusText, parseBody(text)));
    return text;
  }
  deleteExpense(groupId: string, expenseId: string): Promise<Expense> {
    return this.call('DELETE', `/groups/${encodeURIComponent(groupId)}/expenses/${encodeURIComponent(expenseId)}`);
  }
  balances(groupId: string): Promise<Balances> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/balances`);
  }
  settle(
    groupId: string,
    /** Without `toAccountId`, the payee's receiving account for the group currency (API.md). */
    input: { toUserId: string; amount: string; fromAccountId: string; toAccountId?: string },
    options: CommandOptions = {},
  ): Promise<Settlement> {
    return this.call('POST', `/groups/${encodeURIComponent(groupId)}/settlements`, { body: input, ...options });
  }
  getSettlement(groupId: string, settlementId: string): Promise<Settlement> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/settlements/${encodeURIComponent(settlementId)}`);
  }
  comment(groupId: string, expenseId: string, text: string): Promise<Comment> {
    return this.call('POST', `/groups/${encodeURIComponent(groupId)}/expenses/${encodeURIComponent(expenseId)}/comments`, {
      body: { text },
    });
  }
  comments(groupId: string, expenseId: string, list: ListOptions = {}): Promise<Page<Comment>> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/expenses/${encodeURIComponent(expenseId)}/comments`, {
      query: { ...list },
    });
  }
  groupEvents(
    groupId: string,
    list: ListOptions = {},
  ): Promise<Page<{ seq: number; type: string; occurredAt: string; data: Record<string, unknown> }>> {
    return this.call('GET', `/groups/${encodeURIComponent(groupId)}/events`, { query: { ...list } });
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
