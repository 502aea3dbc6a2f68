/**
 * The wiring of Evenly on one page: every REST route, WebSocket route and schedule, with
 * the resources of manifest/resources.ts (tables, queues, rules). Plain data, no AWS imports. Two consumers
 * read it: the CDK app (`infra/build-app.ts`) and the embedded local runtime
 * (`infra/local/`). Nothing else repeats these facts.
 *
 * Handler paths are relative to the repository root; each module exports `handler`. A REST
 * route is its contract (shared/<domain>/routes.ts) and the handler serving it.
 */

import * as admin from '../shared/admin/routes';
import * as auth from '../shared/auth/routes';
import * as groups from '../shared/groups/routes';
import type { HttpMethod, RouteContract } from '../shared/http/contract';
import * as ledger from '../shared/ledger/routes';
import * as platform from '../shared/platform/routes';
import * as shop from '../shared/shop/routes';
import {
  type Concern,
  type Grant,
  LIVE_CONCERN,
  OPS_CONCERN,
  PLATFORM_CONCERN,
  PROCESSING_CONCERN,
  type Resources,
  resources,
} from './resources';

export * from './resources';

export interface RouteSpec {
  /** Default: the platform concern. The manifest's route blocks each name theirs. */
  readonly concern?: Concern;
  /** Everything the route promises (shared/http/contract.ts); method, path and auth below are copied from it. */
  readonly contract: RouteContract;
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  readonly handler: string;
  /** `true`: the Lambda authorizer must accept the bearer token first. */
  readonly auth: boolean;
  readonly grants?: readonly Grant[];
  readonly memoryMB?: number;
  readonly timeoutSeconds?: number;
}

export interface WsRouteSpec {
  /** `$connect`, `$disconnect`, `$default` or an action name (`subscribe`). */
  readonly routeKey: string;
  readonly handler: string;
  readonly grants: readonly Grant[];
}

export interface ScheduleSpec {
  readonly name: string;
  readonly handler: string;
  readonly everyMinutes: number;
  readonly grants: readonly Grant[];
  readonly memoryMB?: number;
  readonly timeoutSeconds?: number;
}

export interface Manifest extends Resources {
  readonly authorizer: {
    readonly handler: string;
    readonly grants: readonly Grant[];
    /**
     * How long API Gateway (and the local runtime) reuses the authorizer's answer for one
     * token. A token that expires meanwhile is still let in until then, so this bounds how
     * long an access token outlives its expiry.
     */
    readonly resultsCacheTtlSeconds: number;
  };
  readonly routes: readonly RouteSpec[];
  readonly wsRoutes: readonly WsRouteSpec[];
  readonly schedules: readonly ScheduleSpec[];
}

// ---- REST routes, one block per concern -----------------------------------

/**
 * A route as its block writes it: the contract (method, path, auth, schemas, status:
 * shared/<domain>/routes.ts), the handler serving it, and what its function may touch.
 */
export interface RouteInput {
  readonly contract: RouteContract;
  readonly handler: string;
  readonly grants?: readonly Grant[];
  readonly memoryMB?: number;
  readonly timeoutSeconds?: number;
}
/** A route's manifest entry: method, path and auth are read from its contract, never written again. */
export const routeSpec = (concern: Concern, route: RouteInput): RouteSpec => ({
  concern,
  method: route.contract.method,
  path: route.contract.path,
  auth: route.contract.auth,
  ...route,
});
/** The block's concern is added once, in `manifest.routes`. */
const inConcern = (concern: Concern, routes: readonly RouteInput[]): RouteSpec[] => routes.map((r) => routeSpec(concern, r));

const platformRoutes: RouteInput[] = [
  { contract: platform.getHealth, handler: 'functions/api/get-health.ts', grants: ['main:read', 'bus:describe', 'queues:read'] },
  { contract: platform.getOpenApi, handler: 'functions/api/get-openapi.ts', grants: [] },
  { contract: platform.getAsyncApi, handler: 'functions/api/get-asyncapi.ts', grants: [] },
  { contract: platform.getDocs, handler: 'functions/api/get-docs.ts', grants: [] },
];

const authRoutes: RouteInput[] = [
  { contract: auth.registerUser, handler: 'functions/api/register-user.ts', grants: ['main:write', 'signingKey:read', 'bus:publish'] },
  { contract: auth.loginUser, handler: 'functions/api/login-user.ts', grants: ['main:write', 'signingKey:read'] },
  { contract: auth.refreshSession, handler: 'functions/api/refresh-session.ts', grants: ['main:write', 'signingKey:read'] },
  { contract: auth.logoutSession, handler: 'functions/api/logout-session.ts', grants: ['main:write'] },
  { contract: auth.verifyEmail, handler: 'functions/api/verify-email.ts', grants: ['main:write', 'bus:publish'] },
  { contract: auth.resendVerification, handler: 'functions/api/resend-verification.ts', grants: ['main:write', 'bus:publish'] },
  { contract: auth.getMe, handler: 'functions/api/get-me.ts' },
];

const accountRoutes: RouteInput[] = [
  { contract: ledger.createAccount, handler: 'functions/api/create-account.ts', grants: ['main:write'] },
  { contract: ledger.listAccounts, handler: 'functions/api/list-accounts.ts' },
  { contract: ledger.getAccount, handler: 'functions/api/get-account.ts' },
  { contract: ledger.listEntries, handler: 'functions/api/list-entries.ts' },
  { contract: ledger.listAccountEvents, handler: 'functions/api/list-account-events.ts' },
  { contract: ledger.createDeposit, handler: 'functions/api/create-deposit.ts', grants: ['main:write', 'send:accounts'] },
  { contract: ledger.createWithdrawal, handler: 'functions/api/create-withdrawal.ts', grants: ['main:write', 'send:accounts'] },
  { contract: ledger.createTransfer, handler: 'functions/api/create-transfer.ts', grants: ['main:write', 'send:accounts'] },
  // The payment provider's deposits: no bearer, an HMAC signature instead (shared/webhooks/).
  {
    contract: ledger.receiveDepositWebhook,
    handler: 'functions/api/receive-deposit-webhook.ts',
    grants: ['main:write', 'send:accounts', 'webhookSecret:read'],
  },
  { contract: ledger.getTransfer, handler: 'functions/api/get-transfer.ts' },
];

const shopRoutes: RouteInput[] = [
  { contract: shop.createProduct, handler: 'functions/api/create-product.ts', grants: ['main:write'] },
  { contract: shop.listProducts, handler: 'functions/api/list-products.ts' },
  { contract: shop.getProduct, handler: 'functions/api/get-product.ts' },
  { contract: shop.updateProduct, handler: 'functions/api/update-product.ts', grants: ['main:write'] },
  { contract: shop.createPurchase, handler: 'functions/api/create-purchase.ts', grants: ['main:write', 'send:products'] },
  { contract: shop.getPurchase, handler: 'functions/api/get-purchase.ts' },
  { contract: shop.listMyPurchases, handler: 'functions/api/list-my-purchases.ts' },
];

const groupRoutes: RouteInput[] = [
  { contract: groups.createGroup, handler: 'functions/api/create-group.ts', grants: ['main:write'] },
  { contract: groups.listGroups, handler: 'functions/api/list-groups.ts' },
  { contract: groups.getGroup, handler: 'functions/api/get-group.ts' },
  // bus:publish: the member's joining is pushed on the group topic (activity).
  { contract: groups.addMember, handler: 'functions/api/add-member.ts', grants: ['main:write', 'bus:publish'] },
  { contract: groups.createExpense, handler: 'functions/api/create-expense.ts', grants: ['main:write', 'send:groups'] },
  { contract: groups.listExpenses, handler: 'functions/api/list-expenses.ts' },
  { contract: groups.getExpense, handler: 'functions/api/get-expense.ts' },
  // It writes the deletion request before sending it.
  { contract: groups.deleteExpense, handler: 'functions/api/delete-expense.ts', grants: ['main:write', 'send:groups'] },
  { contract: groups.getBalances, handler: 'functions/api/get-balances.ts' },
  { contract: groups.createSettlement, handler: 'functions/api/create-settlement.ts', grants: ['main:write', 'send:accounts'] },
  { contract: groups.getSettlement, handler: 'functions/api/get-settlement.ts' },
  { contract: groups.createComment, handler: 'functions/api/create-comment.ts', grants: ['main:write', 'bus:publish'] },
  { contract: groups.listComments, handler: 'functions/api/list-comments.ts' },
  { contract: groups.listGroupEvents, handler: 'functions/api/list-group-events.ts' },
  // It writes the edit on the expense before sending it.
  { contract: groups.updateExpense, handler: 'functions/api/update-expense.ts', grants: ['main:write', 'send:groups'] },
  { contract: groups.restoreExpense, handler: 'functions/api/restore-expense.ts', grants: ['main:write', 'send:groups'] },
  { contract: groups.setReceivingAccount, handler: 'functions/api/set-receiving-account.ts', grants: ['main:write'] },
  { contract: groups.removeMember, handler: 'functions/api/remove-member.ts', grants: ['main:write', 'bus:publish'] },
  { contract: groups.listActivity, handler: 'functions/api/list-activity.ts' },
  { contract: groups.exportExpenses, handler: 'functions/api/export-expenses.ts' },
  { contract: groups.createRecurring, handler: 'functions/api/create-recurring.ts', grants: ['main:write'] },
  { contract: groups.listRecurring, handler: 'functions/api/list-recurring.ts' },
  { contract: groups.stopRecurring, handler: 'functions/api/stop-recurring.ts', grants: ['main:write'] },
  // The exchange-rate table expenses in another currency take their rate from (admins write it).
  { contract: groups.putRate, handler: 'functions/api/put-rate.ts', grants: ['main:write'] },
];

const adminRoutes: RouteInput[] = [
  { contract: admin.redriveQueue, handler: 'functions/api/redrive-queue.ts', grants: ['queues:redrive'], timeoutSeconds: 30 },
  // Checks the books now and answers the report (the schedule below does the same every hour).
  {
    contract: admin.runReconciliation,
    handler: 'functions/api/run-reconciliation.ts',
    grants: ['main:scan', 'main:write'],
    memoryMB: 1024,
    timeoutSeconds: 29,
  },
];

// ---- WebSocket --------------------------------------------------------------

const wsRoutes: WsRouteSpec[] = [
  { routeKey: '$connect', handler: 'functions/ws/connect.ts', grants: ['connections:write'] },
  { routeKey: '$disconnect', handler: 'functions/ws/disconnect.ts', grants: ['connections:write'] },
  { routeKey: '$default', handler: 'functions/ws/default-route.ts', grants: ['connections:read', 'ws:manage'] },
  { routeKey: 'subscribe', handler: 'functions/ws/subscribe.ts', grants: ['connections:write', 'main:read', 'ws:manage'] },
  { routeKey: 'unsubscribe', handler: 'functions/ws/unsubscribe.ts', grants: ['connections:write', 'ws:manage'] },
  { routeKey: 'ping', handler: 'functions/ws/ping.ts', grants: ['connections:read', 'ws:manage'] },
];

const schedules: ScheduleSpec[] = [
  // Re-sends the message of commands left PENDING by a lost send (the write-then-send gap).
  // `main:write`: it records each re-send's back-off on the record (UpdateItem).
  {
    name: 'sweep-pending',
    handler: 'functions/ops/sweep-pending.ts',
    everyMinutes: 1,
    grants: ['main:write', 'send:accounts', 'send:products', 'send:groups'],
  },
  // Makes the recurring expenses due today (UTC), each occurrence once: an ordinary expense
  // command (its record and idempotency record, then its message to the group's queue).
  {
    name: 'make-recurring-expenses',
    handler: 'functions/ops/make-recurring-expenses.ts',
    everyMinutes: 60,
    grants: ['main:write', 'send:groups'],
    // A busy date's run makes many expenses one after another; what it leaves, the next run makes.
    timeoutSeconds: 300,
  },
  // Proves the books: money sums to zero per currency, balances are the fold of their entries,
  // nothing is PENDING past its deadline. Writes a report item and a metric the alarm watches.
  // `main:write`: the report item only.
  {
    name: 'reconcile',
    handler: 'functions/ops/reconcile.ts',
    everyMinutes: 60,
    grants: ['main:scan', 'main:write'],
    memoryMB: 1024,
    timeoutSeconds: 600,
  },
];

export const manifest: Manifest = {
  ...resources,
  // `main:read`: it checks each token's session and reads its user's roles (shared/auth/access.ts).
  authorizer: { handler: 'functions/auth/authorize.ts', grants: ['signingKey:read', 'main:read'], resultsCacheTtlSeconds: 60 },
  routes: [
    ...inConcern(PLATFORM_CONCERN, [...platformRoutes, ...authRoutes]),
    ...inConcern('ledger', accountRoutes),
    ...inConcern('shop', shopRoutes),
    ...inConcern('groups', groupRoutes),
    ...inConcern(OPS_CONCERN, adminRoutes),
  ],
  wsRoutes,
  schedules,
};

/** Memory and timeout of a function whose route or queue names neither (the stack and the local runtime). */
export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Logical name of a function from its handler path: `functions/api/get-health.ts` → `api-get-health`. */
export function functionName(handlerPath: string): string {
  return handlerPath
    .replace(/^functions\//, '')
    .replace(/\.ts$/, '')
    .replaceAll('/', '-');
}

export function routeGrants(route: RouteSpec): readonly Grant[] {
  return route.grants ?? (route.method === 'GET' ? ['main:read'] : ['main:write']);
}

/** What one manifest entry asks of the function of its handler. */
export interface FunctionRequest {
  readonly handler: string;
  readonly concern: Concern;
  readonly grants: readonly Grant[];
  readonly memoryMB?: number;
  readonly timeoutSeconds?: number;
  /** Processors only: see `QueueSpec.reservedConcurrency`. */
  readonly reservedConcurrency?: number;
}

const limits = (memoryMB: number | undefined, timeoutSeconds: number | undefined) => ({
  ...(memoryMB === undefined ? {} : { memoryMB }),
  ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
});

/**
 * Every request for a function, in manifest order: routes, WebSocket routes, processors,
 * schedules, the authorizer. A handler named twice is one function with both requests' grants
 * (the stack refuses two requests that disagree on its memory or timeout).
 */
export function functionRequests(m: Manifest = manifest): FunctionRequest[] {
  return [
    ...m.routes.map((r) => ({
      handler: r.handler,
      concern: r.concern ?? PLATFORM_CONCERN,
      grants: routeGrants(r),
      ...limits(r.memoryMB, r.timeoutSeconds),
    })),
    ...m.wsRoutes.map((r) => ({ handler: r.handler, concern: LIVE_CONCERN, grants: r.grants })),
    ...m.queues.map((q) => ({
      handler: q.processor,
      // A processor that pushes to WebSocket clients belongs with the WebSocket API (live updates).
      concern: q.grants.includes('ws:manage') ? LIVE_CONCERN : PROCESSING_CONCERN,
      grants: q.grants,
      ...limits(undefined, q.processorTimeoutSeconds),
      ...(q.reservedConcurrency === undefined ? {} : { reservedConcurrency: q.reservedConcurrency }),
    })),
    ...m.schedules.map((s) => ({ handler: s.handler, concern: OPS_CONCERN, grants: s.grants, ...limits(s.memoryMB, s.timeoutSeconds) })),
    { handler: m.authorizer.handler, concern: PLATFORM_CONCERN, grants: m.authorizer.grants },
  ];
}

/** The concern each handler's function is deployed with: that of the first request naming it. */
export function concernOf(handler: string, m: Manifest = manifest): Concern {
  const request = functionRequests(m).find((r) => r.handler === handler);
  if (!request) throw new Error(`${handler} is not in the manifest`);
  return request.concern;
}

/** Every concern, in manifest order. */
export function concerns(m: Manifest = manifest): Concern[] {
  return [...new Set(functionRequests(m).map((r) => r.concern))];
}

/** Every handler deployed as a function, once: routes, WebSocket routes, processors, schedules, the authorizer. */
export function handlerPaths(m: Manifest = manifest): string[] {
  return [...new Set(functionRequests(m).map((r) => r.handler))];
}

/** Every grant of a handler's function, over all requests naming it. */
export function grantsOf(handler: string, m: Manifest = manifest): Grant[] {
  return [...new Set(functionRequests(m).flatMap((r) => (r.handler === handler ? r.grants : [])))];
}
