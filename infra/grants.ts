/**
 * What each manifest grant gives a function, as data: the environment variables that name
 * its resources, and the access it has to them. Both runtimes read this one mapping: the stack
 * turns each permission into a `grant*` call (infra/constructs/functions.ts), and the local
 * runtime hands each handler only these variables and refuses any AWS call outside these
 * actions (infra/local/isolation.ts). A new kind of grant is one entry here.
 */

import { dlqEnvVar, dlqName, type Grant, type Manifest } from '../manifest/manifest';
import { deadLetterSources } from './dead-letters';

export type Permission =
  | { readonly resource: 'table'; readonly name: string; readonly access: 'read' | 'write' | 'scan' }
  /** `name`: a manifest queue or a dead-letter queue (infra/dead-letters.ts), by logical name. */
  | { readonly resource: 'queue'; readonly name: string; readonly access: 'send' | 'consume' | 'attributes' }
  | { readonly resource: 'bus'; readonly access: 'publish' | 'describe' }
  | { readonly resource: 'signingKey'; readonly access: 'read' }
  | { readonly resource: 'webhookSecret'; readonly access: 'read' }
  /** SES: send email from the stack's sender identity. */
  | { readonly resource: 'mail'; readonly access: 'send' }
  /** The WebSocket API's @connections endpoint. */
  | { readonly resource: 'connections'; readonly access: 'manage' };

export interface GrantSpec {
  readonly env: readonly string[];
  readonly permissions: readonly Permission[];
}

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/**
 * The IAM actions of each access, as the CDK's `grant*` methods grant them (the infra tests
 * compare this table with the synthesized policies, so the local runtime refuses what AWS refuses).
 */
export const ACTIONS = {
  table: { read: READ_ACTIONS, write: [...READ_ACTIONS, ...WRITE_ACTIONS], scan: ['dynamodb:Scan'] },
  queue: {
    send: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    consume: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    attributes: ['sqs:GetQueueAttributes'],
  },
  bus: { publish: ['events:PutEvents'], describe: ['events:DescribeEventBus'] },
  signingKey: { read: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] },
  webhookSecret: { read: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] },
  mail: { send: ['ses:SendEmail'] },
  connections: { manage: ['execute-api:ManageConnections'] },
} as const satisfies {
  readonly [R in Permission['resource']]: { readonly [A in Extract<Permission, { resource: R }>['access']]: readonly string[] };
};

export function actionsOf(permission: Permission): readonly string[] {
  return (ACTIONS[permission.resource] as Record<string, readonly string[]>)[permission.access] ?? [];
}

const queueNamed = (m: Manifest, name: string) => {
  const queue = m.queues.find((q) => q.name === name);
  if (!queue) throw new Error(`Grant send:${name} names no manifest queue`);
  return queue;
};

/** The grants that take no argument. */
const FIXED: Readonly<Record<string, (m: Manifest) => GrantSpec>> = {
  'bus:publish': (m) => ({ env: [m.busEnvVar], permissions: [{ resource: 'bus', access: 'publish' }] }),
  'bus:describe': (m) => ({ env: [m.busEnvVar], permissions: [{ resource: 'bus', access: 'describe' }] }),
  // The health probe reads every queue it is given, dead-letter queues included.
  'queues:read': (m) => ({
    env: m.queues.flatMap((q) => [q.envVar, dlqEnvVar(q)]),
    permissions: m.queues.flatMap((q) => [q.name, dlqName(q)]).map((name) => ({ resource: 'queue', name, access: 'attributes' })),
  }),
  // Every dead-letter queue, read and emptied; every queue they are redriven to, sent to.
  'queues:redrive': (m) => {
    const sources = deadLetterSources(m);
    const targets = [...new Set(sources.flatMap((s) => (s.target ? [s.target.queue] : [])))];
    return {
      env: [...sources.map((s) => s.envVar), ...targets.map((q) => q.envVar)],
      permissions: [
        ...sources.map((s): Permission => ({ resource: 'queue', name: s.dlqName, access: 'consume' })),
        ...targets.map((q): Permission => ({ resource: 'queue', name: q.name, access: 'send' })),
      ],
    };
  },
  'signingKey:read': (m) => ({ env: [m.signingKeyEnvVar], permissions: [{ resource: 'signingKey', access: 'read' }] }),
  'webhookSecret:read': (m) => ({ env: [m.webhookSecretEnvVar], permissions: [{ resource: 'webhookSecret', access: 'read' }] }),
  'mail:send': () => ({ env: [], permissions: [{ resource: 'mail', access: 'send' }] }),
  'ws:manage': (m) => ({ env: [m.wsEndpointEnvVar], permissions: [{ resource: 'connections', access: 'manage' }] }),
};

export function grantSpec(grant: Grant, m: Manifest): GrantSpec {
  const fixed = FIXED[grant];
  if (fixed) return fixed(m);
  const [scope = '', access = ''] = grant.split(':');
  if (scope === 'send') {
    const queue = queueNamed(m, access);
    return { env: [queue.envVar], permissions: [{ resource: 'queue', name: queue.name, access: 'send' }] };
  }
  const table = m.tables.find((t) => t.name === scope);
  if (table && (access === 'read' || access === 'write' || access === 'scan')) {
    return { env: [table.envVar], permissions: [{ resource: 'table', name: table.name, access }] };
  }
  throw new Error(`Unknown grant ${grant}`);
}

/** Everything a set of grants gives, each variable and permission once. */
export function grantSpecs(grants: readonly Grant[], m: Manifest): GrantSpec {
  const specs = grants.map((g) => grantSpec(g, m));
  const permissions = new Map<string, Permission>();
  for (const p of specs.flatMap((s) => s.permissions)) permissions.set(JSON.stringify(p), p);
  return { env: [...new Set(specs.flatMap((s) => s.env))], permissions: [...permissions.values()] };
}

/** Every environment variable any grant can give: what the local runtime hides from handlers without the grant. */
export function grantableEnvVars(m: Manifest): string[] {
  const grants: Grant[] = [
    ...m.tables.flatMap((t): Grant[] => [`${t.name}:read` as Grant]),
    ...Object.keys(FIXED).map((g) => g as Grant),
    ...m.queues.map((q): Grant => `send:${q.name}`),
  ];
  return grantSpecs(grants, m).env.slice();
}
