/**
 * The synthesized templates hold every manifest entry with its settings, and cdk-nag
 * finds nothing unacknowledged (a finding fails synthesis itself). The app is synthesized
 * once, bundling skipped (see synth.ts). The grant tests bundle each handler on its own,
 * tree-shaken with packages left out, to see which DynamoDB commands it can send.
 */
import { relative } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/build-app';
import { tableLogicalId } from '../../infra/stacks/data-stack';
import { dlqName, functionName, gsiProjection, handlerPaths, manifest, type RuleSpec } from '../../manifest/manifest';
import { HttpProblem, type ProblemType } from '../../shared/http/problem';
import { pascal, type Resource, referencesIn, type Synthesized, synthesize } from './synth';

let s: Synthesized;
/** Handler path → its tree-shaken bundle (no packages), whose code is all it can run. */
const bundles = new Map<string, string>();

const handlers = handlerPaths();
const DATA = 'Evenly-Data';
const MESSAGING = 'Evenly-Messaging';
const API = 'Evenly-Api';

beforeAll(async () => {
  s = synthesize();
  const outdir = `${PROJECT_ROOT}/bundles`; // nothing is written: `write: false`
  const result = await build({
    entryPoints: handlers,
    absWorkingDir: PROJECT_ROOT,
    outbase: PROJECT_ROOT,
    outdir,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.js')) bundles.set(relative(outdir, file.path).replace(/\.js$/, '.ts'), file.text);
  }
});

const data = () => s.templates[DATA] as NonNullable<Synthesized['templates'][string]>;
const api = () => s.templates[API] as NonNullable<Synthesized['templates'][string]>;
const resourcesOf = (type: string) => s.resources(type);
const messagingQueue = (name: string) => s.byPrefix(MESSAGING, `Messaging${pascal(name)}Queue`, 'AWS::SQS::Queue')[0];
const messagingDlq = (name: string) => s.byPrefix(MESSAGING, `Messaging${pascal(name)}Dlq`, 'AWS::SQS::Queue')[0];

describe('tables', () => {
  it.each(manifest.tables.map((t) => [t.name, t]))('declares table %s with its keys, GSIs, TTL and PITR', (_name, table) => {
    const found = s.resources('AWS::DynamoDB::Table').find((r) => r.stack === DATA && r.id.startsWith(tableLogicalId(table.name)));
    expect(found).toBeDefined();
    const props = found?.properties;
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.KeySchema).toEqual([
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = (props.GlobalSecondaryIndexes ?? []) as {
      IndexName: string;
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }[];
    expect(indexes.map((g) => [g.IndexName, g.Projection.ProjectionType, g.Projection.NonKeyAttributes ?? []]).sort()).toEqual(
      table.gsis.map((g) => [g.name, gsiProjection(g).type, gsiProjection(g).nonKeyAttributes]).sort(),
    );
    if (table.ttlAttribute) expect(props.TimeToLiveSpecification).toEqual({ AttributeName: table.ttlAttribute, Enabled: true });
  });

  it('keeps the logical ids of stateful resources stable', () => {
    const ids = Object.keys(data().toJSON().Resources).sort();
    expect(ids).toEqual(['DepositWebhookSecret8BE3E070', 'SigningKeyEEFC2790', 'TableConnections858238FA', 'TableMain51E58118'].sort());
  });

  it('leaves deletion protection to prod, so a dev deploy does not touch the tables', () => {
    for (const table of s.resources('AWS::DynamoDB::Table')) expect(table.properties.DeletionProtectionEnabled, table.id).toBeUndefined();
  });

  it('retains tables and the secret by default', () => {
    for (const table of s.resources('AWS::DynamoDB::Table')) expect(table.raw.DeletionPolicy).toBe('Retain');
    data().hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('generates the signing key at deploy time, never in the template', () => {
    data().hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 64 }) });
    expect(JSON.stringify(data().toJSON())).not.toMatch(/"SecretString"\s*:/);
  });
});

describe('queues and rules', () => {
  it.each(manifest.queues.map((q) => [q.name, q]))('declares queue %s with its DLQ, redrive policy and alarm', (_name, spec) => {
    const main = messagingQueue(spec.name);
    const dlq = messagingDlq(spec.name);
    expect(main, `queue ${spec.name}`).toBeDefined();
    expect(dlq, dlqName(spec)).toBeDefined();
    const props = main?.properties;
    expect(Boolean(props.FifoQueue)).toBe(spec.fifo);
    // FIFO queues in high-throughput mode: quotas per message group, so hot and cold aggregates spread over partitions.
    if (spec.fifo) expect(props).toMatchObject({ FifoThroughputLimit: 'perMessageGroupId', DeduplicationScope: 'messageGroup' });
    expect(props.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds);
    expect(props.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlq?.id, 'Arn'] }, maxReceiveCount: spec.maxReceiveCount });
    const alarms = resourcesOf('AWS::CloudWatch::Alarm').filter((a) =>
      JSON.stringify(a.properties.Dimensions ?? []).includes(String(dlq?.id)),
    );
    expect(alarms).toHaveLength(1);
  });

  const ruleOf = (rule: RuleSpec) =>
    resourcesOf('AWS::Events::Rule').find((r) => r.properties.Description === `${rule.name} → ${rule.queue}`);
  /** The logical id a rule's SQS target points at (`{ "Fn::GetAtt": [id, "Arn"] }`). */
  const targetQueueIdOf = (rule: RuleSpec) => ruleOf(rule)?.properties.Targets[0].Arn['Fn::GetAtt'][0] as string;
  const resourceIn = (stack: string, id: string) => s.resources().find((r) => r.stack === stack && r.id === id) as Resource;

  it.each(manifest.rules.map((r) => [r.name, r]))('routes rule %s to its standard queue', (_name, rule) => {
    const props = ruleOf(rule)?.properties;
    expect(props.EventPattern['detail-type']).toEqual(rule.pattern['detail-type']);
    expect(targetQueueIdOf(rule)).toMatch(new RegExp(`^Messaging${pascal(rule.queue)}Queue[0-9A-F]{8}$`));
    expect(resourceIn(MESSAGING, targetQueueIdOf(rule)).properties.FifoQueue).toBeUndefined();
  });

  it('has no pipe and no queue the manifest does not declare: FIFO queues are fed by code, not by rules', () => {
    expect(resourcesOf('AWS::Pipes::Pipe')).toEqual([]);
    // Each manifest queue with its DLQ, and each rule's own DLQ.
    expect(resourcesOf('AWS::SQS::Queue').length).toBe(2 * manifest.queues.length + manifest.rules.length + manifest.schedules.length);
    for (const rule of resourcesOf('AWS::Events::Rule')) {
      for (const target of rule.properties.Targets ?? []) expect(target.SqsParameters).toBeUndefined();
    }
  });

  const sendersOf = (queueId: string) =>
    resourcesOf('AWS::IAM::Policy').filter((policy) =>
      (policy.properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).some(
        (st) => [st.Action].flat().includes('sqs:SendMessage') && JSON.stringify(st.Resource).includes(queueId),
      ),
    );

  it.each(manifest.queues.filter((q) => q.fifo).map((q) => [q.name, q]))(
    'feeds FIFO queue %s from code that names the group: functions granted to send to it, declared in the manifest',
    (_name, spec) => {
      expect(spec.accepts.length).toBeGreaterThan(0);
      const queueId = messagingQueue(spec.name)?.id as string;
      const granted = manifest.routes
        .map((r) => r.grants ?? [])
        .concat(
          manifest.queues.map((q) => q.grants),
          manifest.schedules.map((s) => s.grants),
        )
        .filter((grants) => grants.includes(`send:${spec.name}`));
      expect(granted.length).toBeGreaterThan(0);
      // Each sender's role allows SendMessage on this queue; the redrive route's role is one more.
      expect(sendersOf(queueId).length).toBeGreaterThanOrEqual(granted.length);
    },
  );

  it.each(manifest.queues.map((q) => [q.name, q]))('feeds queue %s to its processor, reporting batch item failures', (_name, spec) => {
    const mappings = resourcesOf('AWS::Lambda::EventSourceMapping').filter(
      (m) => s.referenced(m.stack, m.properties.EventSourceArn)?.id === messagingQueue(spec.name)?.id,
    );
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0] as Resource;
    expect(mapping.properties).toMatchObject({ BatchSize: spec.batchSize, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(s.referenced(mapping.stack, mapping.properties.FunctionName)?.id).toMatch(
      new RegExp(`^Functions${pascal(functionName(spec.processor))}[0-9A-F]{8}$`),
    );
  });

  it('archives every event of the bus', () => {
    expect(resourcesOf('AWS::Events::EventBus')).toHaveLength(1);
    expect(resourcesOf('AWS::Events::Archive').map((a) => a.properties)).toEqual([
      expect.objectContaining({ EventPattern: { source: [manifest.eventSource] }, RetentionDays: 30 }),
    ]);
  });

  it.each(manifest.schedules.map((sc) => [sc.name, sc]))('runs schedule %s at its rate, invoking its function', (_name, schedule) => {
    const expression = events.Schedule.rate(Duration.minutes(schedule.everyMinutes)).expressionString;
    const rules = resourcesOf('AWS::Events::Rule').filter((r) => r.properties.ScheduleExpression === expression);
    const targets = rules.map((rule) => s.referenced(rule.stack, rule.properties.Targets[0].Arn)?.id);
    expect(targets).toContainEqual(expect.stringMatching(new RegExp(`^Functions${pascal(functionName(schedule.handler))}[0-9A-F]{8}$`)));
  });
});

describe('APIs and functions', () => {
  it.each(manifest.routes.map((r) => [`${r.method} ${r.path}`, r]))('declares %s with its authorization', (_name, route) => {
    const resources = api().findResources('AWS::ApiGateway::Resource');
    const lastPart = route.path.split('/').filter(Boolean).at(-1);
    const methods = resourcesOf('AWS::ApiGateway::Method').filter((m) => {
      if (m.properties.HttpMethod !== route.method) return false;
      const ref = m.properties.ResourceId?.Ref as string | undefined;
      return ref ? resources[ref]?.Properties.PathPart === lastPart : lastPart === undefined;
    });
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.map((m) => m.properties.AuthorizationType)).toContain(route.auth ? 'CUSTOM' : 'NONE');
  });

  it.each(manifest.wsRoutes.map((r) => [r.routeKey, r]))('declares WebSocket route %s', (routeKey, route) => {
    const routes = resourcesOf('AWS::ApiGatewayV2::Route').map((r) => r.properties);
    expect(routes).toContainEqual(expect.objectContaining({ RouteKey: routeKey }));
    if (route.routeKey === '$connect')
      expect(routes).toContainEqual(expect.objectContaining({ RouteKey: '$connect', AuthorizationType: 'CUSTOM' }));
  });

  it('runs every function on Node.js 22, arm64, without X-Ray (logs carry the correlation id instead)', () => {
    const functions = resourcesOf('AWS::Lambda::Function').filter((f) => f.id.startsWith('Functions'));
    expect(functions).toHaveLength(handlers.length);
    for (const fn of functions) {
      expect(fn.properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(fn.properties.TracingConfig).toBeUndefined();
    }
  });

  it('grants API Gateway one invoke permission per route, without the console test-invoke ones', () => {
    const permissions = resourcesOf('AWS::Lambda::Permission').filter((p) => p.properties.Principal === 'apigateway.amazonaws.com');
    expect(permissions.filter((p) => JSON.stringify(p.properties.SourceArn).includes('test-invoke-stage'))).toEqual([]);
    const routePermissions = permissions.filter((p) => p.stack === `${API}/Rest/Permissions`);
    expect(routePermissions).toHaveLength(manifest.routes.length);
    const sources = routePermissions.map((p) => JSON.stringify(p.properties.SourceArn));
    for (const route of manifest.routes) {
      const path = route.path.replace(/\{[^}]+\}/g, '*');
      expect(sources.filter((arn) => arn.endsWith(`/${route.method}${path}"]]}`))).toHaveLength(1);
    }
  });

  it('creates the REST invoke permissions beside the API (the authorizer’s in it, the routes’ in its nested stack), so no function stack depends on it', () => {
    const permissions = resourcesOf('AWS::Lambda::Permission').filter(
      (p) => p.properties.Principal === 'apigateway.amazonaws.com' && JSON.stringify(p.properties.SourceArn).includes('RestApi'),
    );
    expect(new Set(permissions.map((p) => p.stack))).toEqual(new Set([API, `${API}/Rest/Permissions`]));
    const functionStacks = Object.values(s.evenly.concerns).map((c) => c.stackName);
    for (const name of functionStacks) expect(JSON.stringify(s.json[name])).not.toContain(`${API}:`);
  });

  it('gives the WebSocket callback URL of the partition they run in to the functions that post to clients, and only to them', () => {
    const withGrant = new Set(
      [
        ...manifest.wsRoutes.map((r) => ({ handler: r.handler, grants: r.grants })),
        ...manifest.queues.map((q) => ({ handler: q.processor, grants: q.grants })),
      ]
        .filter((r) => r.grants.includes('ws:manage'))
        .map((r) => pascal(functionName(r.handler))),
    );
    for (const fn of resourcesOf('AWS::Lambda::Function').filter((f) => f.id.startsWith('Functions'))) {
      const endpoint = fn.properties.Environment?.Variables?.[manifest.wsEndpointEnvVar];
      const name = [...withGrant].find((n) => new RegExp(`^Functions${n}[0-9A-F]{8}$`).test(fn.id));
      if (!name) {
        expect(endpoint, fn.id).toBeUndefined();
        continue;
      }
      const text = JSON.stringify(endpoint);
      expect(text).not.toContain('amazonaws.com');
      expect(text).toContain('AWS::URLSuffix');
    }
  });

  it("caches the authorizer's answers for the manifest's time, which bounds how long a token outlives its expiry", () => {
    api().hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      AuthorizerResultTtlInSeconds: manifest.authorizer.resultsCacheTtlSeconds,
    });
    expect(manifest.authorizer.resultsCacheTtlSeconds).toBeLessThanOrEqual(60);
  });

  it('throttles the stage and, harder, the login route', () => {
    api().hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      MethodSettings: Match.arrayWith([
        Match.objectLike({ HttpMethod: '*', ThrottlingRateLimit: 100 }),
        Match.objectLike({ HttpMethod: 'POST', ResourcePath: '/~1auth~1login', ThrottlingRateLimit: 5 }),
      ]),
    });
  });
});

describe('grants', () => {
  it('lets the health check read the attributes of every queue it probes, dead-letter queues included', () => {
    const health = 'functions/api/get-health.ts';
    const queueIds = manifest.queues.flatMap((q) => [messagingQueue(q.name)?.id, messagingDlq(q.name)?.id]);
    expect(queueIds.filter(Boolean)).toHaveLength(2 * manifest.queues.length);
    const { fn, statements } = policiesOf(health);
    const allowed = statements
      .filter((st) => [st.Action].flat().includes('sqs:GetQueueAttributes'))
      .flatMap((st) => referencesIn(s, fn.stack, st.Resource).map((r) => r.id));
    for (const id of queueIds) expect(allowed, id).toContain(id);
  });

  it('lets the sweeper record its back-off: UpdateItem on the main table', () => {
    const sweeper = 'functions/ops/sweep-pending.ts';
    expect(dynamoActionsOf(bundles.get(sweeper) ?? '')).toContain('dynamodb:UpdateItem');
    expect(tableActionsOf(sweeper, 'main')).toContain('dynamodb:UpdateItem');
  });

  it.each(handlers.map((h) => [functionName(h), h]))('lets %s send every DynamoDB command its code sends', (_name, handler) => {
    const bundle = bundles.get(handler);
    expect(bundle, handler).toBeDefined();
    const needed = dynamoActionsOf(bundle ?? '');
    if (needed.length === 0) return;
    // The tables it names: each command must be allowed on one of them.
    const tables = manifest.tables.filter((t) => bundle?.includes(`"${t.envVar}"`) || bundle?.includes(`'${t.envVar}'`));
    expect(tables.length, `${handler} sends DynamoDB commands but names no table`).toBeGreaterThan(0);
    const allowed = new Set(tables.flatMap((t) => tableActionsOf(handler, t.name)));
    expect(needed.filter((action) => !allowed.has(action))).toEqual([]);
  });
});

describe('gateway responses', () => {
  /** What API Gateway answers by itself, as the local runtime and the handlers answer it. */
  const expected: [string, number, ProblemType][] = [
    ['UNAUTHORIZED', 401, 'unauthorized'],
    ['ACCESS_DENIED', 403, 'forbidden'],
    ['MISSING_AUTHENTICATION_TOKEN', 404, 'not-found'],
    ['RESOURCE_NOT_FOUND', 404, 'not-found'],
    ['REQUEST_TOO_LARGE', 413, 'payload-too-large'],
    ['UNSUPPORTED_MEDIA_TYPE', 415, 'unsupported-media-type'],
    ['THROTTLED', 429, 'rate-limited'],
    ['QUOTA_EXCEEDED', 429, 'rate-limited'],
    ['DEFAULT_4XX', 403, 'forbidden'],
    ['DEFAULT_5XX', 500, 'internal'],
  ];
  const responses = () => resourcesOf('AWS::ApiGateway::GatewayResponse').map((r) => r.properties);

  it('customizes no response type twice', () => {
    const types = responses().map((r) => r.ResponseType);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(expected)('answers %s with %i problem details of type %s', (responseType, status, type) => {
    const found = responses().find((r) => r.ResponseType === responseType);
    expect(found, responseType).toBeDefined();
    expect(found.StatusCode).toBe(String(status));
    expect(found.ResponseParameters).toMatchObject({ 'gatewayresponse.header.content-type': "'application/problem+json'" });
    // Readable by the web console (its origin only), which must see a 401 to refresh its session.
    expect(found.ResponseParameters).toHaveProperty('gatewayresponse.header.access-control-allow-origin');
    const templates = Object.values(found.ResponseTemplates as Record<string, string>);
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) {
      // API Gateway substitutes `$context.…` variables and nothing else (no VTL).
      const body = JSON.parse(template.replace(/\$context\.[A-Za-z.]+/g, 'req-1'));
      expect(body).toEqual({
        type,
        title: new HttpProblem(type, '').title,
        status,
        detail: expect.any(String),
        instance: 'urn:request:req-1',
      });
      expect(body.detail).not.toBe('');
    }
  });
});

/** DynamoDB actions each command needs, by command name without `Item(s)` (document or low-level client). */
const DYNAMODB_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  Get: ['dynamodb:GetItem'],
  BatchGet: ['dynamodb:BatchGetItem'],
  TransactGet: ['dynamodb:GetItem'],
  Query: ['dynamodb:Query'],
  Scan: ['dynamodb:Scan'],
  DescribeTable: ['dynamodb:DescribeTable'],
  Put: ['dynamodb:PutItem'],
  Update: ['dynamodb:UpdateItem'],
  Delete: ['dynamodb:DeleteItem'],
  BatchWrite: ['dynamodb:BatchWriteItem'],
  // Each item of a transaction is authorized as its own action: any of these.
  TransactWrite: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};

/** The DynamoDB actions a bundle's commands need (`new UpdateCommand(` → `dynamodb:UpdateItem`). */
function dynamoActionsOf(bundle: string): string[] {
  const commands = [...bundle.matchAll(/new (\w+?)(?:Items?)?Command\d*\(/g)].map((m) => m[1] as string);
  return [...new Set(commands.flatMap((command) => DYNAMODB_ACTIONS[command] ?? []))].sort();
}

interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** A function and every statement of the policies attached to its role. */
function policiesOf(handler: string): { fn: Resource; statements: PolicyStatementJson[] } {
  const fnId = new RegExp(`^Functions${pascal(functionName(handler))}[0-9A-F]{8}$`);
  const fn = resourcesOf('AWS::Lambda::Function').find((f) => fnId.test(f.id));
  expect(fn, handler).toBeDefined();
  const role = fn?.properties.Role['Fn::GetAtt'][0];
  const statements = resourcesOf('AWS::IAM::Policy')
    .filter((policy) => policy.stack === fn?.stack && policy.properties.Roles.some((r: { Ref?: string }) => r.Ref === role))
    .flatMap((policy) => policy.properties.PolicyDocument.Statement as PolicyStatementJson[]);
  return { fn: fn as Resource, statements };
}

/** The actions a function's role allows on a table itself (not only on its indexes). */
function tableActionsOf(handler: string, tableName: string): string[] {
  const onTable = (resource: unknown) => {
    const text = JSON.stringify(resource);
    return text.includes(tableLogicalId(tableName)) && !text.includes('/index/');
  };
  return policiesOf(handler)
    .statements.filter((statement) => statement.Effect === 'Allow' && [statement.Resource].flat().some(onTable))
    .flatMap((statement) => [statement.Action].flat());
}
