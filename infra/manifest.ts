/**
 * The wiring of Evenly on one page: every REST route, WebSocket route, event
 * rule, queue, table and schedule. Plain data, no AWS imports. Two consumers
 * read it: the CDK app (`infra/build-app.ts`) and the embedded local runtime
 * (`infra/local/`). Nothing else repeats these facts.
 *
 * Handler paths are relative to the repository root; each module exports `handler`. A REST
 * route is its contract (shared/<domain>/routes.ts) and the handler serving it.
 */

import { EVENT_SOURCE } from '../events/contract';
import {
  ExpenseDeletionRequestedV1,
  ExpenseEditRequestedV1,
  ExpenseRequestedV1,
  ExpenseRestoreRequestedV1,
  SettlementTransferEndedV1,
} from '../events/expenses';
import { OUTCOME_EVENTS } from '../events/outcomes';
import { AccountStepV1, StockStepV1 } from '../events/steps';
import { EmailVerificationRequestedV1, UserRegisteredV1 } from '../events/users';
import * as admin from '../shared/admin/routes';
import * as auth from '../shared/auth/routes';
import * as groups from '../shared/groups/routes';
import type { HttpMethod, RouteContract } from '../shared/http/contract';
import * as ledger from '../shared/ledger/routes';
import * as platform from '../shared/platform/routes';
import * as shop from '../shared/shop/routes';

/**
 * What a function may touch: the stack grants it least-privilege, and the local runtime
 * enforces it (the environment variables a function sees and the AWS calls it may make both
 * follow from its grants; see infra/grants.ts). Routes default to `main:read` for GET and
 * `main:write` otherwise; declare `grants` to override (commands add `send:<queue>`).
 */
export type Grant =
  | 'main:read'
  | 'main:write'
  | 'main:scan'
  | 'connections:read'
  | 'connections:write'
  | 'bus:publish'
  | 'bus:describe'
  | 'queues:read'
  | 'queues:redrive'
  | 'signingKey:read'
  /** The payment provider's webhook secret (shared/webhooks/). */
  | 'webhookSecret:read'
  /** SES SendEmail from the stack's sender identity. */
  | 'mail:send'
  | 'ws:manage'
  /** SendMessage to one manifest queue (by name), with its URL in the queue's env var. */
  | `send:${string}`;

/**
 * The part of the system a function belongs to. Its function is deployed with the others of
 * its concern (one CloudFormation stack each, so no stack nears CloudFormation's resource
 * limit as routes are added) and alarmed with them.
 */
export type Concern = string;

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

export interface GsiSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /**
   * What the index copies from each item. `keys` (the table's and the index's keys only)
   * means an update that changes no key attribute writes nothing to the index; readers
   * then fetch the items from the table. `{ include }`: the keys and these attributes. Default: every attribute.
   */
  readonly projection?: 'all' | 'keys' | { readonly include: readonly string[] };
}

export interface TableSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly gsis: readonly GsiSpec[];
  readonly ttlAttribute?: string;
  /** Environment variable through which handlers learn the physical table name. */
  readonly envVar: string;
}

export interface QueueSpec {
  readonly name: string;
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the queue's DLQ (`<name>-dlq`). */
  readonly maxReceiveCount: number;
  /** Lambda event source mapping: records per invocation. */
  readonly batchSize: number;
  /**
   * The queue message types code sends here, each with the aggregate it is for as FIFO message
   * group (FIFO queues are fed by code only: an EventBridge rule cannot give an SQS FIFO target
   * a group per event). Empty for a queue fed by rules.
   */
  readonly accepts: readonly string[];
  readonly processor: string;
  readonly grants: readonly Grant[];
  /** Environment variable holding the queue URL. */
  readonly envVar: string;
  readonly processorTimeoutSeconds: number;
  /**
   * Concurrency kept for this processor alone (prod), so no other function (the fan-out,
   * a burst of queries) can take the account's capacity from it.
   */
  readonly reservedConcurrency?: number;
  /**
   * Most processor instances the event source mapping runs at once (2–1000). Kept at or below
   * the reservation: a mapping that invokes past it is throttled, and each throttled batch
   * counts a receive towards the DLQ.
   */
  readonly maximumConcurrency?: number;
}

/**
 * EventBridge pattern subset used here (and implemented by the local bus):
 * exact values, `{ prefix }` and `{ 'anything-but': [...] }`, on `source`,
 * `detail-type` and first-level `detail` fields.
 */
export type PatternValue = string | { readonly prefix: string } | { readonly 'anything-but': readonly string[] };

export interface EventPattern {
  readonly source?: readonly PatternValue[];
  readonly 'detail-type'?: readonly PatternValue[];
  readonly detail?: Readonly<Record<string, readonly PatternValue[]>>;
}

/** An EventBridge rule delivering to a standard queue (FIFO queues are fed by code, see QueueSpec.accepts). */
export interface RuleSpec {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly queue: string;
}

export interface ScheduleSpec {
  readonly name: string;
  readonly handler: string;
  readonly everyMinutes: number;
  readonly grants: readonly Grant[];
  readonly memoryMB?: number;
  readonly timeoutSeconds?: number;
}

export interface Manifest {
  readonly eventSource: string;
  readonly busName: string;
  readonly busEnvVar: string;
  readonly wsEndpointEnvVar: string;
  readonly tables: readonly TableSpec[];
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
  /** Secret holding the JWT signing key (generated by the stack; the local runtime generates its own). */
  readonly signingKeyEnvVar: string;
  /** Secret holding the deposit webhook's HMAC secret (the stack makes it; `DEPOSIT_WEBHOOK_SECRET` locally). */
  readonly webhookSecretEnvVar: string;
  readonly routes: readonly RouteSpec[];
  readonly wsRoutes: readonly WsRouteSpec[];
  readonly queues: readonly QueueSpec[];
  readonly rules: readonly RuleSpec[];
  readonly schedules: readonly ScheduleSpec[];
}

/** The stage of both APIs: their URLs start with it on API Gateway, and the local runtime's events name it. */
export const API_STAGE = 'v1';

const MAIN_TABLE = 'main';

/**
 * Concerns of the functions that are not REST routes: the authorizer (platform), processors
 * (processing, or live for one that pushes to WebSocket clients), WebSocket routes (live), schedules (ops).
 */
export const PLATFORM_CONCERN = 'platform';
export const PROCESSING_CONCERN = 'processing';
export const LIVE_CONCERN = 'live';
export const OPS_CONCERN = 'ops';
const CONNECTIONS_TABLE = 'connections';

const tables: TableSpec[] = [
  {
    // Single-table design: accounts, entries, transfers, users, products,
    // purchases, groups, idempotency records. Key formats live in shared/dynamo/keys.ts.
    name: MAIN_TABLE,
    partitionKey: 'pk',
    sortKey: 'sk',
    envVar: 'TABLE_MAIN',
    ttlAttribute: 'expiresAtEpochSeconds',
    gsis: [
      // Lists by owner: a user's accounts, purchases, groups; the product catalog. Keys only:
      // balances, stock and statuses change with every posting, and a projected copy would
      // cost an index write on each (2 per transfer); lists read the items from the table.
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'keys' },
      // Sparse: only PENDING commands carry these attributes (the sweeper's index).
      { name: 'pending', partitionKey: 'pendingPk', sortKey: 'pendingSk' },
      // Sparse: a command holding money on its way to an account (a credit or refund not yet
      // applied) is listed under that account, with the amount: the account view's `incoming`.
      { name: 'incoming', partitionKey: 'incomingPk', sortKey: 'incomingSk', projection: { include: ['inFlightMinor', 'currency'] } },
    ],
  },
  {
    // WebSocket connections and their topic subscriptions; TTL = API Gateway's 2 h limit.
    name: CONNECTIONS_TABLE,
    partitionKey: 'pk',
    sortKey: 'sk',
    envVar: 'TABLE_CONNECTIONS',
    ttlAttribute: 'expiresAtEpochSeconds',
    gsis: [{ name: 'byTopic', partitionKey: 'topic', sortKey: 'connectionId' }],
  },
];

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

// ---- Queues and rules -------------------------------------------------------

/**
 * Instances of each processor that moves money, reserved in prod. A FIFO mapping runs at most
 * one batch per message group at a time, so this bounds the groups worked on in parallel.
 */
const MONEY_PROCESSOR_CONCURRENCY = 25;
const FAN_OUT_CONCURRENCY = 10;

/** Processor timeouts stay ≤ 1/6 of the visibility timeout (AWS guidance for SQS event sources). */
const queues: QueueSpec[] = [
  {
    // Every step that writes an account (debits, credits, refunds of transfers and purchases),
    // grouped by the account: its one writer, so a popular payee or merchant is never contended.
    name: 'accounts',
    fifo: true,
    visibilityTimeoutSeconds: 60,
    processorTimeoutSeconds: 10,
    maxReceiveCount: 5,
    batchSize: 10,
    processor: 'functions/processors/apply-account-steps.ts',
    accepts: [AccountStepV1.type],
    // The next step's queue: credits and refunds (accounts), stock releases (products), a settlement's group.
    grants: ['main:write', 'bus:publish', 'send:accounts', 'send:products', 'send:groups'],
    envVar: 'QUEUE_ACCOUNTS_URL',
    reservedConcurrency: MONEY_PROCESSOR_CONCURRENCY,
    maximumConcurrency: MONEY_PROCESSOR_CONCURRENCY,
  },
  {
    // Stock reservations and releases, grouped by the product: the one writer of its stock.
    name: 'products',
    fifo: true,
    visibilityTimeoutSeconds: 60,
    processorTimeoutSeconds: 10,
    maxReceiveCount: 5,
    batchSize: 10,
    processor: 'functions/processors/apply-stock-steps.ts',
    accepts: [StockStepV1.type],
    grants: ['main:write', 'bus:publish', 'send:accounts'],
    envVar: 'QUEUE_PRODUCTS_URL',
    reservedConcurrency: MONEY_PROCESSOR_CONCURRENCY,
    maximumConcurrency: MONEY_PROCESSOR_CONCURRENCY,
  },
  {
    // Everything that changes a group's balances, serialized per group.
    name: 'groups',
    fifo: true,
    visibilityTimeoutSeconds: 60,
    processorTimeoutSeconds: 10,
    maxReceiveCount: 5,
    batchSize: 10,
    processor: 'functions/processors/apply-group-event.ts',
    accepts: [
      ExpenseRequestedV1.type,
      ExpenseDeletionRequestedV1.type,
      ExpenseEditRequestedV1.type,
      ExpenseRestoreRequestedV1.type,
      SettlementTransferEndedV1.type,
    ],
    grants: ['main:write', 'bus:publish'],
    envVar: 'QUEUE_GROUPS_URL',
    reservedConcurrency: MONEY_PROCESSOR_CONCURRENCY,
    maximumConcurrency: MONEY_PROCESSOR_CONCURRENCY,
  },
  {
    // Outcome events for WebSocket fan-out; order does not matter, so a standard queue.
    name: 'notify',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    processorTimeoutSeconds: 10,
    maxReceiveCount: 5,
    batchSize: 10,
    processor: 'functions/processors/fan-out.ts',
    accepts: [],
    grants: ['connections:read', 'connections:write', 'ws:manage'],
    envVar: 'QUEUE_NOTIFY_URL',
    // Pushes are not money: a burst of them must leave the account's concurrency to the processors above.
    maximumConcurrency: FAN_OUT_CONCURRENCY,
  },
  {
    // Verification emails; order does not matter, and a redelivery sends a code that replaces the first.
    name: 'mail',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    processorTimeoutSeconds: 10,
    maxReceiveCount: 5,
    batchSize: 10,
    processor: 'functions/processors/send-verification-email.ts',
    accepts: [],
    grants: ['main:write', 'mail:send'],
    envVar: 'QUEUE_MAIL_URL',
    maximumConcurrency: FAN_OUT_CONCURRENCY,
  },
];

/** Every outcome a client can be told about over WebSocket (events/outcomes.ts). */
export const OUTCOME_EVENT_TYPES: readonly string[] = OUTCOME_EVENTS.map((event) => event.type);

const rules: RuleSpec[] = [
  { name: 'notify-outcomes', pattern: { source: [EVENT_SOURCE], 'detail-type': OUTCOME_EVENT_TYPES }, queue: 'notify' },
  {
    name: 'mail-verification-codes',
    pattern: { source: [EVENT_SOURCE], 'detail-type': [UserRegisteredV1.type, EmailVerificationRequestedV1.type] },
    queue: 'mail',
  },
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
  // Proves the books: money sums to zero per currency, balances are the fold of their entries,
  // nothing is PENDING past its deadline. Writes a report item and a metric the alarm watches.
  // `main:write`: the report item only.
  // Makes the recurring expenses due today (UTC), each occurrence once: an ordinary expense
  // command (its record and idempotency record, then its message to the group's queue).
  {
    name: 'make-recurring-expenses',
    handler: 'functions/ops/make-recurring-expenses.ts',
    everyMinutes: 60,
    grants: ['main:write', 'send:groups'],
  },
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
  eventSource: EVENT_SOURCE,
  busName: 'evenly',
  busEnvVar: 'EVENT_BUS_NAME',
  wsEndpointEnvVar: 'WS_MANAGEMENT_ENDPOINT',
  tables,
  // `main:read`: it checks each token's session and reads its user's roles (shared/auth/access.ts).
  authorizer: { handler: 'functions/auth/authorize.ts', grants: ['signingKey:read', 'main:read'], resultsCacheTtlSeconds: 60 },
  signingKeyEnvVar: 'SIGNING_KEY_SECRET_ARN',
  webhookSecretEnvVar: 'WEBHOOK_SECRET_ARN',
  routes: [
    ...inConcern(PLATFORM_CONCERN, [...platformRoutes, ...authRoutes]),
    ...inConcern('ledger', accountRoutes),
    ...inConcern('shop', shopRoutes),
    ...inConcern('groups', groupRoutes),
    ...inConcern(OPS_CONCERN, adminRoutes),
  ],
  wsRoutes,
  queues,
  rules,
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

/** A GSI's projection as DynamoDB and CloudFormation spell it. */
export function gsiProjection(gsi: GsiSpec): {
  readonly type: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly nonKeyAttributes: readonly string[];
} {
  if (gsi.projection === 'keys') return { type: 'KEYS_ONLY', nonKeyAttributes: [] };
  if (typeof gsi.projection === 'object') return { type: 'INCLUDE', nonKeyAttributes: gsi.projection.include };
  return { type: 'ALL', nonKeyAttributes: [] };
}

export function dlqName(queue: QueueSpec): string {
  return `${queue.name}-dlq`;
}

/** Environment variable holding the URL of a queue's DLQ (`QUEUE_X_URL` → `QUEUE_X_DLQ_URL`). */
export function dlqEnvVar(queue: QueueSpec): string {
  return queue.envVar.replace(/_URL$/, '_DLQ_URL');
}

export function routeGrants(route: RouteSpec): readonly Grant[] {
  return route.grants ?? (route.method === 'GET' ? ['main:read'] : ['main:write']);
}

/** The queue that takes a queue message type (manifest `accepts`); each type has exactly one. */
export function queueAccepting(type: string, m: Manifest = manifest): QueueSpec {
  const found = m.queues.filter((q) => q.accepts.includes(type));
  if (found.length !== 1) throw new Error(`Invariant: exactly one manifest queue accepts ${type}, found ${found.length}`);
  return found[0] as QueueSpec;
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
