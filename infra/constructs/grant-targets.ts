/**
 * The resources grants point at, gathered across stacks: tables and the signing key (Data),
 * the bus and the queues (Messaging), the dead-letter queues of schedules (the stack of their
 * functions). Each stack registers what it creates before the functions that need it are made;
 * asking for something not registered yet is a programming error, named as such.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Manifest } from '../../manifest/manifest';

export class GrantTargets {
  private readonly queues = new Map<string, sqs.IQueue>();
  private readonly values = new Map<string, string>();

  constructor(
    readonly manifest: Manifest,
    readonly tables: Readonly<Record<string, dynamodb.Table>>,
    readonly signingKey: secretsmanager.Secret,
    readonly webhookSecret: secretsmanager.Secret,
    readonly bus: events.EventBus,
  ) {
    for (const spec of manifest.tables) this.values.set(spec.envVar, this.table(spec.name).tableName);
    this.values.set(manifest.signingKeyEnvVar, signingKey.secretArn);
    this.values.set(manifest.webhookSecretEnvVar, webhookSecret.secretArn);
    this.values.set(manifest.busEnvVar, bus.eventBusName);
  }

  table(name: string): dynamodb.Table {
    const table = this.tables[name];
    if (!table) throw new Error(`Invariant: no table ${name} to grant on`);
    return table;
  }

  /** GSI names of a table, so grants name each index instead of `index/*`. */
  indexNames(name: string): readonly string[] {
    return this.manifest.tables.find((t) => t.name === name)?.gsis.map((g) => g.name) ?? [];
  }

  /** A queue by logical name, with the environment variable that carries its URL. */
  addQueue(name: string, queue: sqs.IQueue, envVar: string): void {
    if (this.queues.has(name)) throw new Error(`Invariant: queue ${name} registered twice`);
    this.queues.set(name, queue);
    this.values.set(envVar, queue.queueUrl);
  }

  queue(name: string): sqs.IQueue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`Invariant: queue ${name} is granted before its stack created it`);
    return queue;
  }

  /** The value of an environment variable a grant gives. */
  envValue(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw new Error(`Invariant: nothing gives ${name} a value yet`);
    return value;
  }
}
