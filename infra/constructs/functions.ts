/**
 * One NodejsFunction per handler file in the manifest, with least-privilege grants
 * taken from the manifest's `grants`.
 *
 * The AWS SDK v3 is bundled rather than taken from the runtime: it pins the version the
 * tests ran against, and in the benchmark a bundled handler initialises in about a third
 * of the time of one loading the unbundled SDK from disk (~100 ms against ~300 ms), at the
 * price of larger bundles. Three things keep them smaller: zod is zod/mini, imported as a
 * namespace (shared/validation/zod.ts); the SDK's default credential chain is replaced by
 * the environment provider Lambda needs (shared/aws/lambda-credentials.ts); and the SDK's
 * event-stream support, which no operation of ours uses, is left out
 * (shared/aws/no-event-streams.ts).
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, functionName, type Grant } from '../manifest';

export { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS };

const LAMBDA_CREDENTIALS = fileURLToPath(new URL('../../shared/aws/lambda-credentials.ts', import.meta.url));
const NO_EVENT_STREAMS = fileURLToPath(new URL('../../shared/aws/no-event-streams.ts', import.meta.url));

/** The esbuild settings of every function; the bundle benchmark uses the same ones. */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  externalModules: [] as string[],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: "import { createRequire as __evenlyRequire } from 'node:module'; const require = __evenlyRequire(import.meta.url);",
  /** Lambda's credentials are in its environment; no operation streams events: see both files. */
  alias: {
    '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS,
    '@smithy/core/event-streams': NO_EVENT_STREAMS,
  } as Record<string, string>,
} as const;

export interface GrantTargets {
  readonly tables: Record<string, dynamodb.Table>;
  readonly bus: events.EventBus;
  readonly queues: Record<string, sqs.Queue>;
  readonly deadLetterQueues: Record<string, sqs.Queue>;
  readonly signingKey: secretsmanager.Secret;
}

export interface FunctionRequest {
  readonly handler: string;
  readonly grants: readonly Grant[];
  readonly memoryMB?: number;
  readonly timeoutSeconds?: number;
}

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** Like grantReadData/grantReadWriteData, but naming each GSI instead of the `index/*` wildcard. */
function tableStatement(table: dynamodb.Table, indexNames: readonly string[], access: 'read' | 'write'): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS],
    resources: [table.tableArn, ...indexNames.map((index) => `${table.tableArn}/index/${index}`)],
  });
}

const pascal = (name: string) => name.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase());

export class Functions extends Construct {
  private readonly byHandler = new Map<string, NodejsFunction>();
  private readonly granted = new Map<string, Set<Grant>>();
  /** Filled in later for grants on resources created after the functions (WebSocket API). */
  readonly deferredGrants: { fn: lambda.IFunction; grant: Grant }[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: {
      targets: GrantTargets;
      environment: Record<string, string>;
      projectRoot: string;
      /** GSI names per table, so grants name each index instead of `index/*`. */
      indexNames: Record<string, readonly string[]>;
    },
  ) {
    super(scope, id);
  }

  /** The function of a handler file, created once; further requests only add grants. */
  get(request: FunctionRequest): NodejsFunction {
    let fn = this.byHandler.get(request.handler);
    if (!fn) {
      const name = pascal(functionName(request.handler));
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      fn = new NodejsFunction(this, name, {
        entry: `${this.props.projectRoot}/${request.handler}`,
        handler: 'handler',
        projectRoot: this.props.projectRoot,
        depsLockFilePath: `${this.props.projectRoot}/package-lock.json`,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: request.memoryMB ?? DEFAULT_MEMORY_MB,
        timeout: Duration.seconds(request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
        tracing: lambda.Tracing.ACTIVE,
        logGroup,
        environment: { ...this.props.environment, NODE_OPTIONS: '--enable-source-maps' },
        bundling: {
          minify: BUNDLING.minify,
          sourceMap: BUNDLING.sourceMap,
          target: BUNDLING.target,
          format: BUNDLING.format,
          banner: BUNDLING.banner,
          mainFields: [...BUNDLING.mainFields],
          externalModules: [...BUNDLING.externalModules],
          esbuildArgs: { '--alias': Object.entries(BUNDLING.alias).map(([from, to]) => `${from}=${to}`) },
        },
      });
      this.byHandler.set(request.handler, fn);
      this.granted.set(request.handler, new Set());
    }
    for (const grant of request.grants) this.grant(request.handler, fn, grant);
    return fn;
  }

  all(): NodejsFunction[] {
    return [...this.byHandler.values()];
  }

  private grant(handler: string, fn: NodejsFunction, grant: Grant): void {
    const done = this.granted.get(handler) as Set<Grant>;
    if (done.has(grant)) return;
    done.add(grant);
    const { tables, bus, queues, deadLetterQueues, signingKey } = this.props.targets;
    if (grant.startsWith('send:')) {
      const queue = queues[grant.slice('send:'.length)];
      if (!queue) throw new Error(`Grant ${grant} names no manifest queue`);
      queue.grantSendMessages(fn);
      return;
    }
    switch (grant) {
      case 'main:read':
      case 'main:write':
      case 'connections:read':
      case 'connections:write': {
        const [name, access] = grant.split(':') as [string, 'read' | 'write'];
        fn.addToRolePolicy(tableStatement(tables[name] as dynamodb.Table, this.props.indexNames[name] ?? [], access));
        break;
      }
      case 'bus:publish':
        bus.grantPutEventsTo(fn);
        break;
      case 'bus:describe':
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['events:DescribeEventBus'], resources: [bus.eventBusArn] }));
        break;
      case 'queues:read':
        // The health probe reads every queue it is given, dead-letter queues included.
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['sqs:GetQueueAttributes'],
            resources: [...Object.values(queues), ...Object.values(deadLetterQueues)].map((q) => q.queueArn),
          }),
        );
        break;
      case 'queues:redrive':
        for (const dlq of Object.values(deadLetterQueues)) dlq.grantConsumeMessages(fn);
        for (const queue of Object.values(queues)) queue.grantSendMessages(fn);
        break;
      case 'signingKey:read':
        signingKey.grantRead(fn);
        break;
      case 'ws:manage':
        this.deferredGrants.push({ fn, grant });
        break;
    }
  }
}
