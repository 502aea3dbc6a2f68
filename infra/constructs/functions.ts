/**
 * One NodejsFunction per handler file of a concern, with the environment variables and the
 * least-privilege permissions its manifest grants give (infra/grants.ts).
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
import { type CfnElement, Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, type FunctionRequest, functionName, type Manifest } from '../../manifest/manifest';
import { actionsOf, grantSpecs, type Permission } from '../grants';
import { pascal } from '../logical-ids';
import { acknowledge, acknowledgeConnectionsWildcard, acknowledgeMailWildcard } from '../nag';
import type { StageSettings } from '../stage';
import type { GrantTargets } from './grant-targets';

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

/** Like grantReadData/grantReadWriteData, but naming each GSI instead of the `index/*` wildcard. */
function tableStatement(targets: GrantTargets, permission: Extract<Permission, { resource: 'table' }>): iam.PolicyStatement {
  const table = targets.table(permission.name);
  const indexes = permission.access === 'scan' ? [] : targets.indexNames(permission.name);
  return new iam.PolicyStatement({
    actions: [...actionsOf(permission)],
    resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)],
  });
}

/** The settings one function has, whichever manifest entries name its handler. */
interface Settings {
  readonly memoryMB: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency: number | undefined;
}

const settingsOf = (request: Omit<FunctionRequest, 'concern'>): Settings => ({
  memoryMB: request.memoryMB ?? DEFAULT_MEMORY_MB,
  timeoutSeconds: request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
  reservedConcurrency: request.reservedConcurrency,
});

export interface FunctionsProps {
  readonly manifest: Manifest;
  readonly targets: GrantTargets;
  /** What every function sees besides what its grants give (service name, admins, Node options). */
  readonly environment: Record<string, string>;
  readonly projectRoot: string;
  readonly stage: StageSettings;
}

/**
 * The functions of one concern, one per handler file, each with the environment and the
 * least-privilege permissions its manifest grants give (infra/grants.ts).
 */
export class Functions extends Construct {
  private readonly byHandler = new Map<string, { fn: NodejsFunction; settings: Settings; permissions: Set<string> }>();
  /** Functions that post to WebSocket clients: bound once the WebSocket stage exists (see `bindWebSocket`). */
  private readonly webSocketClients = new Set<NodejsFunction>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FunctionsProps,
  ) {
    super(scope, id);
  }

  /**
   * The function of a handler file, created on the first request; later requests add their
   * grants. A function has one memory size and one timeout: a request that names others than
   * the first (leaving one out means the default) is refused rather than silently ignored.
   */
  get(request: Omit<FunctionRequest, 'concern'>): NodejsFunction {
    const settings = settingsOf(request);
    let entry = this.byHandler.get(request.handler);
    if (!entry) {
      entry = { fn: this.create(request.handler, settings), settings, permissions: new Set() };
      this.byHandler.set(request.handler, entry);
    } else if (JSON.stringify(entry.settings) !== JSON.stringify(settings)) {
      throw new Error(
        `${request.handler} is requested with ${JSON.stringify(settings)} after ${JSON.stringify(entry.settings)}: ` +
          'one function has one memory size, timeout and reservation; give the manifest entries the same ones',
      );
    }
    const { env, permissions } = grantSpecs(request.grants, this.props.manifest);
    for (const name of env) {
      if (name !== this.props.manifest.wsEndpointEnvVar) entry.fn.addEnvironment(name, this.props.targets.envValue(name));
    }
    for (const permission of permissions) {
      const key = JSON.stringify(permission);
      if (entry.permissions.has(key)) continue;
      entry.permissions.add(key);
      this.allow(entry.fn, permission);
    }
    return entry.fn;
  }

  all(): NodejsFunction[] {
    return [...this.byHandler.values()].map((e) => e.fn);
  }

  /** The handler files of these functions, in the order they were first requested. */
  handlers(): string[] {
    return [...this.byHandler.keys()];
  }

  /** The function of a handler this construct created, if any. */
  find(handler: string): NodejsFunction | undefined {
    return this.byHandler.get(handler)?.fn;
  }

  /** Gives every function granted `ws:manage` the stage's @connections endpoint and access to it. */
  bindWebSocket(stage: apigwv2.WebSocketStage, endpoint: string): void {
    for (const fn of this.webSocketClients) {
      fn.addEnvironment(this.props.manifest.wsEndpointEnvVar, endpoint);
      stage.grantManagementApiAccess(fn);
      acknowledgeConnectionsWildcard(fn, stage.api.node.defaultChild as CfnElement, stage.stageName);
    }
    this.webSocketClients.clear();
  }

  get needsWebSocket(): boolean {
    return this.webSocketClients.size > 0;
  }

  private create(handler: string, settings: Settings): NodejsFunction {
    const name = pascal(functionName(handler));
    const { stage } = this.props;
    const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: stage.logRetention, removalPolicy: stage.logRemoval });
    const fn = new NodejsFunction(this, name, {
      entry: `${this.props.projectRoot}/${handler}`,
      handler: 'handler',
      projectRoot: this.props.projectRoot,
      depsLockFilePath: `${this.props.projectRoot}/package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: settings.memoryMB,
      timeout: Duration.seconds(settings.timeoutSeconds),
      ...(settings.reservedConcurrency !== undefined && stage.reserveConcurrency
        ? { reservedConcurrentExecutions: settings.reservedConcurrency }
        : {}),
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
    acknowledge(
      fn,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-L1',
    );
    return fn;
  }

  private allow(fn: NodejsFunction, permission: Permission): void {
    const { targets } = this.props;
    switch (permission.resource) {
      case 'table':
        fn.addToRolePolicy(tableStatement(targets, permission));
        break;
      case 'queue': {
        const queue = targets.queue(permission.name);
        if (permission.access === 'send') queue.grantSendMessages(fn);
        else if (permission.access === 'consume') queue.grantConsumeMessages(fn);
        else queue.grant(fn, ...actionsOf(permission));
        break;
      }
      case 'bus':
        if (permission.access === 'publish') targets.bus.grantPutEventsTo(fn);
        else fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actionsOf(permission)], resources: [targets.bus.eventBusArn] }));
        break;
      case 'signingKey':
        targets.signingKey.grantRead(fn);
        break;
      case 'webhookSecret':
        targets.webhookSecret.grantRead(fn);
        break;
      case 'mail':
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actionsOf(permission)], resources: ['*'] }));
        acknowledgeMailWildcard(fn);
        break;
      case 'connections':
        this.webSocketClients.add(fn);
        break;
    }
  }
}
