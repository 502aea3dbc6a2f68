/**
 * The resources of Evenly: tables, queues with the messages they take, event rules, the
 * bus and the names handlers find them by. Plain data, no AWS imports, and nothing of the
 * routes, so a handler that sends a message or reads a table bundles this page only. The
 * whole wiring (routes, WebSocket routes, schedules, functions) is manifest/manifest.ts.
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

/** The stage of both APIs: their URLs start with it on API Gateway, and the local runtime's events name it. */
export const API_STAGE = 'v1';

export const MAIN_TABLE = 'main';

/**
 * Concerns of the functions that are not REST routes: the authorizer (platform), processors
 * (processing, or live for one that pushes to WebSocket clients), WebSocket routes (live), schedules (ops).
 */
export const PLATFORM_CONCERN = 'platform';
export const PROCESSING_CONCERN = 'processing';
export const LIVE_CONCERN = 'live';
export const OPS_CONCERN = 'ops';
export const CONNECTIONS_TABLE = 'connections';

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

export interface Resources {
  /** The service every log line and metric names (Powertools' service). */
  readonly serviceName: string;
  readonly eventSource: string;
  readonly busName: string;
  readonly busEnvVar: string;
  readonly wsEndpointEnvVar: string;
  /** Secret holding the JWT signing key (generated by the stack; the local runtime generates its own). */
  readonly signingKeyEnvVar: string;
  /** Secret holding the deposit webhook's HMAC secret (the stack makes it; `DEPOSIT_WEBHOOK_SECRET` locally). */
  readonly webhookSecretEnvVar: string;
  readonly tables: readonly TableSpec[];
  readonly queues: readonly QueueSpec[];
  readonly rules: readonly RuleSpec[];
}

export const resources: Resources = {
  serviceName: 'evenly',
  eventSource: EVENT_SOURCE,
  busName: 'evenly',
  busEnvVar: 'EVENT_BUS_NAME',
  wsEndpointEnvVar: 'WS_MANAGEMENT_ENDPOINT',
  signingKeyEnvVar: 'SIGNING_KEY_SECRET_ARN',
  webhookSecretEnvVar: 'WEBHOOK_SECRET_ARN',
  tables,
  queues,
  rules,
};

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

/** The queue that takes a queue message type (manifest `accepts`); each type has exactly one. */
export function queueAccepting(type: string, m: Pick<Resources, 'queues'> = resources): QueueSpec {
  const found = m.queues.filter((q) => q.accepts.includes(type));
  if (found.length !== 1) throw new Error(`Invariant: exactly one manifest queue accepts ${type}, found ${found.length}`);
  return found[0] as QueueSpec;
}

/** The environment variable through which handlers learn a table's physical name. */
export function tableEnvVar(name: string, m: Pick<Resources, 'tables'> = resources): string {
  const table = m.tables.find((t) => t.name === name);
  if (!table) throw new Error(`Invariant: no manifest table named ${name}`);
  return table.envVar;
}

/** The queue of this name. */
export function queueNamed(name: string, m: Pick<Resources, 'queues'> = resources): QueueSpec {
  const queue = m.queues.find((q) => q.name === name);
  if (!queue) throw new Error(`Invariant: no manifest queue named ${name}`);
  return queue;
}
