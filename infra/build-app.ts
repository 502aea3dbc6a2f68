/**
 * Builds the CDK app from the manifest. Context and environment are read here and
 * nowhere else (app.ts and the infra tests both call this).
 *
 * Stacks, each one concern (CDK's "stacks deploy"); arrows are what each one reads from another:
 *
 *   ConsoleEdge (console bucket, CloudFront distribution)
 *   Data (tables, signing key) ← Messaging (alarm topic, bus, queues, rules)
 *     ← one stack per concern of functions (Platform, Ledger, Shop, Groups, Ops, Live, Processing)
 *     ← Api (REST) ← Monitoring (dashboard, business alarms)
 *   Api, Live ← ConsoleSite (the console's files and config.json)
 *
 * Live holds the WebSocket API beside its functions and deploys after Api, whose account
 * setting lets API Gateway write the WebSocket execution logs; Processing reads Live's
 * @connections endpoint for the fan-out. The console's two stacks sit on either side: every
 * function (CORS_ALLOWED_ORIGINS) and the REST API (preflights, gateway responses) read the
 * distribution's origin from ConsoleEdge, which needs nothing; ConsoleSite writes the REST and
 * WebSocket URLs into the console and needs nothing after it. No stack refers to a later one.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, type Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { concernOf, concerns, manifest as defaultManifest, LIVE_CONCERN, type Manifest, PROCESSING_CONCERN } from '../manifest/manifest';
import { CORS_ALLOWED_ORIGINS_ENV } from '../shared/http/cors';
import { WebSocketApi } from './constructs/apis';
import { GrantTargets } from './constructs/grant-targets';
import { deadLetterSources } from './dead-letters';
import { pascal } from './logical-ids';
import { ApiStack } from './stacks/api-stack';
import { ConcernStack } from './stacks/concern-stack';
import { ConsoleEdgeStack, ConsoleSiteStack } from './stacks/console-stacks';
import { DataStack } from './stacks/data-stack';
import { MessagingStack } from './stacks/messaging-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { stageSettings } from './stage';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface EvenlyApp {
  readonly app: App;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  /** Concern → the stack of its functions. */
  readonly concerns: Readonly<Record<string, ConcernStack>>;
  readonly api: ApiStack;
  readonly webSocket: WebSocketApi;
  readonly monitoring: MonitoringStack;
  /** Every stack, in deployment order. */
  readonly stacks: readonly Stack[];
  /**
   * @deprecated The stack of the processors, under the name the single service stack had; only the
   * benchmark's cost model reads it (for function memory). Read `concerns` instead.
   */
  readonly service: ConcernStack;
  /** The web console's bucket and distribution, deployed before everything that names its origin. */
  readonly consoleEdge: ConsoleEdgeStack;
  /** The web console's files and config.json, deployed after the REST and WebSocket APIs they name. */
  readonly consoleSite: ConsoleSiteStack;
}

/** The context cdk.json gives the CLI, so an app built in a test has the same feature flags. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

const list = (value: unknown): string[] =>
  String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The stacks, each after those it was made to depend on (Live after Api), otherwise in the order
 * given. References add their dependencies only at synthesis; the infra tests check that the
 * order holds for those too.
 */
function deploymentOrder(given: readonly Stack[]): Stack[] {
  const ordered: Stack[] = [];
  const remaining = [...given];
  while (remaining.length > 0) {
    const next = remaining.findIndex((stack) => stack.dependencies.every((d) => ordered.includes(d) || !given.includes(d)));
    if (next < 0) throw new Error(`Invariant: the stacks ${remaining.map((s) => s.stackName).join(', ')} depend on each other`);
    ordered.push(...remaining.splice(next, 1));
  }
  return ordered;
}

/** Per client IP, over WAF's 5-minute window: 10 requests a second sustained. */
export const DEFAULT_WAF_REQUESTS_PER_5_MINUTES = 3_000;

/**
 * The switches of money and identity (API.md): owner deposits only in a sandbox
 * (`evenly:sandbox`, off unless set), verified emails required unless switched off
 * (`evenly:requireVerifiedEmail`), and the SES identity mail is sent from (`evenly:mailFrom`).
 */
export function trustSettings(context: (key: string) => unknown): Record<string, string> {
  const flag = (key: string, fallback: boolean): string => {
    const value = context(key);
    if (value === undefined) return String(fallback);
    if (value === true || value === 'true') return 'true';
    if (value === false || value === 'false') return 'false';
    throw new Error(`${key} must be true or false, got ${String(value)}`);
  };
  return {
    SANDBOX_DEPOSITS: flag('evenly:sandbox', false),
    REQUIRE_VERIFIED_EMAIL: flag('evenly:requireVerifiedEmail', true),
    MAIL_FROM: String(context('evenly:mailFrom') ?? 'no-reply@example.com'),
  };
}

/** `evenly:waf` (off by default) and `evenly:wafRequestsPer5Minutes`: the REST stage's optional web ACL. */
export function wafSettings(context: (key: string) => unknown): { readonly requestsPer5Minutes: number } | undefined {
  const on = context('evenly:waf');
  if (on === undefined || on === false || on === 'false') return undefined;
  if (on !== true && on !== 'true') throw new Error(`evenly:waf must be true or false, got ${String(on)}`);
  const limit = Number(context('evenly:wafRequestsPer5Minutes') ?? DEFAULT_WAF_REQUESTS_PER_5_MINUTES);
  // AWS WAF rate-based rules: the limit is 10 to 2,000,000,000 requests per evaluation window.
  if (!Number.isInteger(limit) || limit < 10) throw new Error(`evenly:wafRequestsPer5Minutes must be an integer ≥ 10, got ${limit}`);
  return { requestsPer5Minutes: limit };
}

export function buildApp(props: AppProps = {}, m: Manifest = defaultManifest): EvenlyApp {
  const app = new App({ ...props, context: { ...cdkJsonContext(), ...props.context } });
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const stage = stageSettings(context('evenly:stage'), context('evenly:removalPolicy'));
  const prefix = String(context('evenly:stackName') ?? 'Evenly');

  const data = new DataStack(app, `${prefix}-Data`, {
    manifest: m,
    stage,
    description: 'Evenly stateful resources: tables and the signing key',
  });
  // The console's two stacks sit on either side of the API's (see console-stacks.ts): the edge
  // first, since functions and the REST API name its origin; the site last, since it names theirs.
  const consoleEdge = new ConsoleEdgeStack(app, `${prefix}-ConsoleEdge`, {
    removalPolicy: stage.statefulRemoval,
    description: 'Evenly web console: private bucket, CloudFront distribution, security headers',
  });
  const corsAllowedOrigins = [consoleEdge.origin];
  const messaging = new MessagingStack(app, `${prefix}-Messaging`, {
    manifest: m,
    stage,
    subscribers: { emails: list(context('evenly:alarmEmails')), httpsUrls: list(context('evenly:alarmHttpsEndpoints')) },
    description: 'Evenly alarm topic, event bus, queues and event rules',
  });
  const targets = new GrantTargets(m, data.tables, data.signingKey, data.webhookSecret, messaging.messaging.bus);
  for (const queue of m.queues) {
    const created = messaging.messaging.queues[queue.name];
    if (!created) throw new Error(`Invariant: Messaging created no queue ${queue.name}`);
    targets.addQueue(queue.name, created, queue.envVar);
  }
  // Schedules' dead-letter queues are made by the stacks of their functions.
  for (const source of deadLetterSources(m).filter((s) => s.origin !== 'schedule')) {
    const dlq = messaging.messaging.deadLetterQueues[source.dlqName];
    if (!dlq) throw new Error(`Invariant: Messaging created no ${source.dlqName}`);
    targets.addQueue(source.dlqName, dlq, source.envVar);
  }

  // What every function sees besides its grants' variables: settings, no resource a grant could give.
  const environment = {
    POWERTOOLS_SERVICE_NAME: m.serviceName,
    ADMIN_EMAILS: String(context('evenly:adminEmails') ?? ''),
    ...trustSettings(context),
    [CORS_ALLOWED_ORIGINS_ENV]: corsAllowedOrigins.join(','),
  };
  const concernStacks: Record<string, ConcernStack> = {};
  for (const concern of concerns(m)) {
    concernStacks[concern] = new ConcernStack(app, `${prefix}-${pascal(concern)}`, {
      manifest: m,
      concern,
      targets,
      alarms: messaging.alarms,
      stage,
      projectRoot: PROJECT_ROOT,
      environment,
      description: `Evenly functions of the ${concern} concern`,
    });
  }
  const functionOf = (handler: string): lambda.IFunction => (concernStacks[concernOf(handler, m)] as ConcernStack).functionOf(handler);

  const api = new ApiStack(app, `${prefix}-Api`, {
    manifest: m,
    functionOf,
    stage,
    alarms: messaging.alarms,
    corsAllowedOrigins,
    waf: wafSettings(context),
    description: 'Evenly REST API',
  });
  const live = concernStacks[LIVE_CONCERN];
  if (!live) throw new Error('Invariant: the manifest has WebSocket routes');
  const webSocket = new WebSocketApi(live, 'WebSocket', { manifest: m, functionOf, authorizerFn: functionOf(m.authorizer.handler), stage });
  // API Gateway writes the WebSocket stage's execution logs with the account role the REST API sets.
  live.addStackDependency(api);
  for (const stack of Object.values(concernStacks)) {
    if (stack.functions.needsWebSocket) stack.functions.bindWebSocket(webSocket.stage, webSocket.managementEndpoint());
  }

  const monitoring = new MonitoringStack(app, `${prefix}-Monitoring`, {
    manifest: m,
    functionOf,
    messaging: messaging.messaging,
    restApi: api.rest.api,
    webSocketApi: webSocket.api,
    alarms: messaging.alarms,
    description: 'Evenly dashboard and business alarms',
  });
  monitoring.addStackDependency(live);

  const consoleSite = new ConsoleSiteStack(app, `${prefix}-ConsoleSite`, {
    edge: consoleEdge,
    apiUrl: api.rest.api.url,
    restApiId: api.rest.api.restApiId,
    wsUrl: webSocket.stage.url,
    webSocketApiId: webSocket.api.apiId,
    stage,
    description: 'Evenly web console: its files and config.json, written with the API endpoints',
  });

  const stacks = deploymentOrder([consoleEdge, data, messaging, ...Object.values(concernStacks), api, monitoring, consoleSite]);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const processing = concernStacks[PROCESSING_CONCERN] as ConcernStack;
  return {
    app,
    data,
    messaging,
    concerns: concernStacks,
    api,
    webSocket,
    monitoring,
    stacks,
    service: processing,
    consoleEdge,
    consoleSite,
  };
}
