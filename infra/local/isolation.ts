/**
 * The local runtime's stand-in for IAM and for per-function environments. On AWS each function
 * sees only the environment variables its stack gave it and may call only what its role allows;
 * here every handler shares one process, so without this a missing grant would only be found on
 * AWS. While a handler runs (an AsyncLocalStorage scope opened by `invoke`):
 *
 * - `process.env` shows it only the variables its manifest grants give (infra/grants.ts), as
 *   the stack gives them; variables no grant gives (AWS_*, POWERTOOLS_*, settings) pass through.
 * - every AWS SDK call goes through a middleware that refuses, with an AccessDeniedException as
 *   AWS words it, any action on any resource its grants do not allow.
 *
 * Code outside an invocation (the runtime itself, tests) is not restricted. Handlers carry no
 * trace of this: the middleware is added to each SDK client on its first call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SQSClient } from '@aws-sdk/client-sqs';
import { functionName, grantsOf, type Manifest } from '../../manifest/manifest';
import { actionsOf, grantableEnvVars, grantSpecs, type Permission } from '../grants';

/** The physical resources the manifest's logical names stand for on this runtime. */
export interface LocalResources {
  readonly tables: Readonly<Record<string, string>>;
  /** Logical queue name (manifest queue or dead-letter queue) → URL. */
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly busName: string;
}

/** What one function may do: `<action> <resource>` pairs, and the variables it sees. */
interface Scope {
  readonly functionName: string;
  readonly allowed: ReadonlySet<string>;
  readonly env: ReadonlySet<string>;
}

/** The local runtime hands the signing key itself, not a secret's ARN, to those granted it. */
const LOCAL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  SIGNING_KEY_SECRET_ARN: ['SIGNING_KEY'],
  WEBHOOK_SECRET_ARN: ['DEPOSIT_WEBHOOK_SECRET'],
};
/** Stand-ins for resources that have no name locally. */
const SIGNING_KEY_RESOURCE = 'secret/signing-key';
const WEBHOOK_SECRET_RESOURCE = 'secret/deposit-webhook';
const MAIL_RESOURCE = 'ses/identity';
const CONNECTIONS_RESOURCE = 'execute-api/@connections';

const invocation = new AsyncLocalStorage<Scope>();
let configured: { manifest: Manifest; resources: LocalResources; hidden: ReadonlySet<string>; scopes: Map<string, Scope> } | undefined;

const tableResource = (name: string) => `table/${name}`;

function resourcesOf(permission: Permission, local: LocalResources): string[] {
  switch (permission.resource) {
    case 'table': {
      const table = local.tables[permission.name];
      if (!table) return [];
      // Granted on the table and each of its indexes (infra/constructs/functions.ts names every GSI).
      return permission.access === 'scan' ? [tableResource(table)] : [tableResource(table), `${tableResource(table)}/index/*`];
    }
    case 'queue': {
      const url = local.queueUrls[permission.name];
      return url ? [url] : [];
    }
    case 'bus':
      return [`event-bus/${local.busName}`];
    case 'signingKey':
      return [SIGNING_KEY_RESOURCE];
    case 'webhookSecret':
      return [WEBHOOK_SECRET_RESOURCE];
    case 'mail':
      return [MAIL_RESOURCE];
    case 'connections':
      return [CONNECTIONS_RESOURCE];
  }
}

function scopeOf(handler: string): Scope {
  if (!configured) throw new Error('Invariant: isolation is configured before handlers run');
  let scope = configured.scopes.get(handler);
  if (!scope) {
    const { env, permissions } = grantSpecs(grantsOf(handler, configured.manifest), configured.manifest);
    const allowed = new Set<string>();
    for (const permission of permissions) {
      for (const resource of resourcesOf(permission, configured.resources)) {
        for (const action of actionsOf(permission)) allowed.add(`${action} ${resource}`);
      }
    }
    scope = {
      functionName: functionName(handler),
      allowed,
      env: new Set(env.flatMap((name) => [name, ...(LOCAL_ALIASES[name] ?? [])])),
    };
    configured.scopes.set(handler, scope);
  }
  return scope;
}

/** Runs `work` as the function of `handler`: its environment, its permissions. Unrestricted until configured. */
export function runAs<T>(handler: string, work: () => T): T {
  return configured ? invocation.run(scopeOf(handler), work) : work();
}

// ---- What an SDK call asks for --------------------------------------------

type Input = Record<string, unknown>;
interface Access {
  readonly action: string;
  readonly resource: string;
}

const SERVICE_OF_CLIENT: Readonly<Record<string, string>> = {
  DynamoDBClient: 'dynamodb',
  SQSClient: 'sqs',
  EventBridgeClient: 'events',
  SecretsManagerClient: 'secretsmanager',
  ApiGatewayManagementApiClient: 'execute-api',
};
/** IAM authorizes a batch as the single action (SQS) and each transaction item as its own action (DynamoDB). */
const SQS_BATCH_ACTIONS: Readonly<Record<string, string>> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};
const TRANSACT_ACTIONS: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

function dynamoAccesses(operation: string, input: Input): Access[] {
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    return ((input.TransactItems ?? []) as Record<string, { TableName?: string }>[]).flatMap((item) =>
      Object.entries(item).map(([kind, body]) => ({
        action: `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`,
        resource: tableResource(String(body?.TableName)),
      })),
    );
  }
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.keys((input.RequestItems ?? {}) as Input).map((table) => ({
      action: `dynamodb:${operation}`,
      resource: tableResource(table),
    }));
  }
  const table = typeof input.TableName === 'string' ? tableResource(input.TableName) : '*';
  const resource = typeof input.IndexName === 'string' ? `${table}/index/*` : table;
  return [{ action: `dynamodb:${operation}`, resource }];
}

function accessesOf(clientName: string, commandName: string, input: Input): Access[] {
  const service = SERVICE_OF_CLIENT[clientName] ?? clientName;
  const operation = commandName.replace(/Command$/, '');
  switch (service) {
    case 'dynamodb':
      return dynamoAccesses(operation, input);
    case 'sqs':
      return [{ action: `sqs:${SQS_BATCH_ACTIONS[operation] ?? operation}`, resource: String(input.QueueUrl ?? '*') }];
    case 'events':
      if (operation === 'PutEvents') {
        return ((input.Entries ?? []) as { EventBusName?: string }[]).map((entry) => ({
          action: 'events:PutEvents',
          resource: `event-bus/${entry.EventBusName ?? 'default'}`,
        }));
      }
      return [{ action: `events:${operation}`, resource: `event-bus/${String(input.Name ?? 'default')}` }];
    case 'secretsmanager':
      return [{ action: `secretsmanager:${operation}`, resource: SIGNING_KEY_RESOURCE }];
    case 'execute-api':
      return [{ action: 'execute-api:ManageConnections', resource: CONNECTIONS_RESOURCE }];
    default:
      return [{ action: `${service}:${operation}`, resource: '*' }];
  }
}

/** Indexes are `table/<name>/index/*`: a table grant covers every index of the table, as the stack names each. */
const isAllowed = (scope: Scope, access: Access): boolean => scope.allowed.has(`${access.action} ${access.resource}`);

/** As AWS words it, so code that inspects the error sees what it would see there. */
export class AccessDeniedException extends Error {
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };

  constructor(scope: Scope, access: Access) {
    super(
      `User: arn:aws:sts::000000000000:assumed-role/${scope.functionName}-role/${scope.functionName} is not authorized to perform: ` +
        `${access.action} on resource: ${access.resource} because no identity-based policy allows the ${access.action} action ` +
        '(the local runtime enforces the grants in manifest/manifest.ts)',
    );
    this.name = 'AccessDeniedException';
  }
}

const MIDDLEWARE_NAME = 'evenlyLocalGrants';
const checked = new WeakSet<object>();

interface MiddlewareStack {
  add(middleware: unknown, options: Record<string, unknown>): void;
}

function checkGrants() {
  return (next: (args: { input: Input }) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
    async (args: { input: Input }) => {
      const scope = invocation.getStore();
      if (scope) {
        const denied = accessesOf(context.clientName ?? '', context.commandName ?? '', args.input).find((a) => !isAllowed(scope, a));
        if (denied) throw new AccessDeniedException(scope, denied);
      }
      return next(args);
    };
}

let installed = false;

/**
 * Installs both checks once per process: the SDK's base client (shared by every service
 * client and the DynamoDB document client) adds the middleware to a client's stack on its
 * first call, before a client that caches its middleware resolves it.
 */
function install(): void {
  if (installed) return;
  installed = true;
  const Client = Object.getPrototypeOf(SQSClient.prototype).constructor as { prototype: Record<string, unknown> };
  const send = Client.prototype.send as (this: { middlewareStack: MiddlewareStack }, ...args: unknown[]) => unknown;
  Client.prototype.send = function (this: { middlewareStack: MiddlewareStack }, ...args: unknown[]) {
    if (!checked.has(this)) {
      checked.add(this);
      this.middlewareStack.add(checkGrants(), { step: 'initialize', priority: 'high', name: MIDDLEWARE_NAME, override: true });
    }
    return send.apply(this, args);
  };
  const env = process.env;
  const visible = (key: string | symbol): boolean => {
    const scope = invocation.getStore();
    return typeof key !== 'string' || !scope || !configured?.hidden.has(key) || scope.env.has(key);
  };
  process.env = new Proxy(env, {
    get: (target, key) => (visible(key) ? Reflect.get(target, key) : undefined),
    has: (target, key) => visible(key) && Reflect.has(target, key),
    ownKeys: (target) => Reflect.ownKeys(target).filter(visible),
    getOwnPropertyDescriptor: (target, key) => (visible(key) ? Reflect.getOwnPropertyDescriptor(target, key) : undefined),
    // Writes and deletes go to the real environment object, which turns values into strings.
    set: (target, key, value) => Reflect.set(target, key, value),
    deleteProperty: (target, key) => Reflect.deleteProperty(target, key),
  });
}

/** From now on, handlers run with their own grants only. */
export function configureIsolation(m: Manifest, resources: LocalResources): void {
  install();
  const hidden = new Set(grantableEnvVars(m).flatMap((name) => [name, ...(LOCAL_ALIASES[name] ?? [])]));
  configured = { manifest: m, resources, hidden, scopes: new Map() };
}
