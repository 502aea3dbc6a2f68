/**
 * The synthesized templates hold every manifest entry with its settings, and cdk-nag
 * finds nothing unacknowledged (a finding fails synthesis itself).
 * Bundling is skipped here (`aws:cdk:bundling-stacks`); `npx cdk synth` and the bundle
 * benchmark bundle every function for real. The grant tests bundle each handler on its own,
 * tree-shaken with packages left out, to see which DynamoDB commands it can send.
 */
import { relative } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, PROJECT_ROOT } from '../../infra/build-app';
import { dlqName, functionName, handlerPaths, manifest, type RuleSpec } from '../../infra/manifest';
import { tableLogicalId } from '../../infra/stacks/data-stack';
import { HttpProblem, type ProblemType } from '../../shared/http/problem';

let data: Template;
let service: Template;
/** Handler path → its tree-shaken bundle (no packages), whose code is all it can run. */
const bundles = new Map<string, string>();

const handlers = handlerPaths();

beforeAll(async () => {
  const { app, data: dataStack, service: serviceStack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  app.synth(); // runs the cdk-nag validation plugin: throws on any unacknowledged finding
  data = Template.fromStack(dataStack);
  service = Template.fromStack(serviceStack);
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

type TemplateResource = ReturnType<Template['findResources']>[string];
const resourcesOf = (template: Template, type: string) => Object.entries(template.findResources(type));

/**
 * CloudFormation allows 500 resources per stack. Each REST route costs about 7 (method,
 * invoke permission, often a path resource, and a new handler's function, role, policy and
 * log group); each FIFO-bound rule about 6 (intake queue and its policy, pipe, role, policy, rule);
 * each path a browser calls one more, its CORS preflight method (29 of them, for the console).
 * The cap leaves room to notice before a deploy fails: past it, split the stack.
 */
const SERVICE_STACK_RESOURCE_CAP = 460;

describe('stack size', () => {
  it(`keeps the Service stack at or under ${SERVICE_STACK_RESOURCE_CAP} resources (CloudFormation's limit is 500)`, () => {
    expect(Object.keys(service.toJSON().Resources).length).toBeLessThanOrEqual(SERVICE_STACK_RESOURCE_CAP);
  });
});

describe('tables', () => {
  it.each(manifest.tables.map((t) => [t.name, t]))('declares table %s with its keys, GSIs, TTL and PITR', (_name, table) => {
    const found = resourcesOf(data, 'AWS::DynamoDB::Table').find(([id]) => id.startsWith(tableLogicalId(table.name)));
    expect(found).toBeDefined();
    const props = found?.[1].Properties;
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.KeySchema).toEqual([
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = (props.GlobalSecondaryIndexes ?? []) as { IndexName: string; Projection: { ProjectionType: string } }[];
    expect(indexes.map((g) => [g.IndexName, g.Projection.ProjectionType]).sort()).toEqual(
      table.gsis.map((g) => [g.name, g.projection === 'keys' ? 'KEYS_ONLY' : 'ALL']).sort(),
    );
    if (table.ttlAttribute) expect(props.TimeToLiveSpecification).toEqual({ AttributeName: table.ttlAttribute, Enabled: true });
  });

  it('keeps the logical ids of stateful resources stable', () => {
    const ids = Object.keys(data.toJSON().Resources).sort();
    expect(ids).toEqual(['SigningKeyEEFC2790', 'TableConnections858238FA', 'TableMain51E58118'].sort());
  });

  it('retains tables and the secret by default', () => {
    for (const [, table] of resourcesOf(data, 'AWS::DynamoDB::Table')) expect(table.DeletionPolicy).toBe('Retain');
    data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('generates the signing key at deploy time, never in the template', () => {
    data.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 64 }) });
    expect(JSON.stringify(data.toJSON())).not.toMatch(/"SecretString"\s*:/);
  });
});

describe('queues and rules', () => {
  const queues = () => resourcesOf(service, 'AWS::SQS::Queue');

  it.each(manifest.queues.map((q) => [q.name, q]))('declares queue %s with its DLQ, redrive policy and alarm', (_name, spec) => {
    const main = queues().find(([id]) => id.includes(`${pascal(spec.name)}Queue`));
    const dlq = queues().find(([id]) => id.includes(`${pascal(spec.name)}Dlq`));
    expect(main, `queue ${spec.name}`).toBeDefined();
    expect(dlq, dlqName(spec)).toBeDefined();
    const props = main?.[1].Properties;
    expect(Boolean(props.FifoQueue)).toBe(spec.fifo);
    expect(props.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds);
    expect(props.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlq?.[0], 'Arn'] },
      maxReceiveCount: spec.maxReceiveCount,
    });
    const alarms = resourcesOf(service, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(String(dlq?.[0])),
    );
    expect(alarms).toHaveLength(1);
  });

  const isFifoRule = (rule: RuleSpec) => manifest.queues.find((q) => q.name === rule.queue)?.fifo ?? false;
  const ruleOf = (rule: RuleSpec) =>
    resourcesOf(service, 'AWS::Events::Rule').find(([, r]) => r.Properties.Description === `${rule.name} → ${rule.queue}`);
  /** The logical id a rule's SQS target points at (`{ "Fn::GetAtt": [id, "Arn"] }`). */
  const targetQueueIdOf = (rule: RuleSpec) => ruleOf(rule)?.[1].Properties.Targets[0].Arn['Fn::GetAtt'][0] as string;
  /** The pipe reading from a queue, with its logical id. */
  const pipeFrom = (queueId: string): [string, TemplateResource] => {
    const found = resourcesOf(service, 'AWS::Pipes::Pipe').find(([, p]) => p.Properties.Source['Fn::GetAtt'][0] === queueId);
    expect(found, `pipe from ${queueId}`).toBeDefined();
    return found as [string, TemplateResource];
  };

  it.each(manifest.rules.filter((r) => !isFifoRule(r)).map((r) => [r.name, r]))('routes rule %s to its queue', (_name, rule) => {
    const props = ruleOf(rule)?.[1].Properties;
    expect(props.EventPattern['detail-type']).toEqual(rule.pattern['detail-type']);
    expect(targetQueueIdOf(rule)).toMatch(new RegExp(`^Messaging${pascal(rule.queue)}Queue[0-9A-F]{8}$`));
  });

  it('gives no rule target a static MessageGroupId that looks like a JSON path', () => {
    // CloudFormation takes SqsParameters.MessageGroupId literally: "$.detail.x" would be one group for every message.
    const groupIds = resourcesOf(service, 'AWS::Events::Rule').flatMap(([, r]) =>
      (r.Properties.Targets ?? []).map((t: { SqsParameters?: { MessageGroupId?: string } }) => t.SqsParameters?.MessageGroupId),
    );
    expect(groupIds.filter((id) => typeof id === 'string' && id.startsWith('$'))).toEqual([]);
  });

  it.each(manifest.rules.filter(isFifoRule).map((r) => [r.name, r]))(
    'routes FIFO rule %s through an intake queue and a pipe that groups each message by its own id',
    (_name, rule) => {
      expect(ruleOf(rule)?.[1].Properties.EventPattern['detail-type']).toEqual(rule.pattern['detail-type']);
      const intakeId = targetQueueIdOf(rule);
      expect(intakeId).toMatch(new RegExp(`^FifoIntake${pascal(rule.name)}Intake[0-9A-F]{8}$`));
      const intake = service.toJSON().Resources[intakeId];
      expect(intake.Properties.FifoQueue).toBeUndefined();
      const [, pipe] = pipeFrom(intakeId);
      expect(pipe.Properties.Target['Fn::GetAtt'][0]).toMatch(new RegExp(`^Messaging${pascal(rule.queue)}Queue[0-9A-F]{8}$`));
      // The pipe's event is the intake record: the EventBridge event is its `body`.
      expect(pipe.Properties.TargetParameters.SqsQueueParameters).toEqual({
        MessageGroupId: `$.body${rule.messageGroupIdPath?.slice(1)}`,
        MessageDeduplicationId: '$.body.id',
      });
      expect(pipe.Properties.TargetParameters.InputTemplate).toBeUndefined();
    },
  );

  it('groups transfers by the debited account and settlement outcomes by the group', () => {
    const groupIdOf = (ruleName: string) => {
      const rule = manifest.rules.find((r) => r.name === ruleName) as RuleSpec;
      return pipeFrom(targetQueueIdOf(rule))[1].Properties.TargetParameters.SqsQueueParameters.MessageGroupId;
    };
    expect(groupIdOf('transfer-requested')).toBe('$.body.detail.messageGroupId');
    expect(groupIdOf('settlement-outcomes')).toBe('$.body.detail.groupId');
  });

  it.each(manifest.rules.filter(isFifoRule).map((r) => [r.name, r]))(
    'lets the pipe of %s read and delete from its intake queue and send to its FIFO queue, and nothing else',
    (_name, rule) => {
      const intakeId = targetQueueIdOf(rule);
      const [pipeId, pipe] = pipeFrom(intakeId);
      const fifoId = pipe.Properties.Target['Fn::GetAtt'][0];
      const roleId = pipe.Properties.RoleArn['Fn::GetAtt'][0];
      const role = service.toJSON().Resources[roleId];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'pipes.amazonaws.com' } },
      ]);
      const policies = resourcesOf(service, 'AWS::IAM::Policy').filter(([, p]) =>
        p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId),
      );
      const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
      expect(statements.every((st) => st.Effect === 'Allow')).toBe(true);
      const actionsOn = (queueId: string) =>
        statements
          .filter((st) => JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }))
          .flatMap((st) => [st.Action].flat());
      expect(actionsOn(intakeId)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']));
      expect(actionsOn(fifoId)).toContain('sqs:SendMessage');
      expect(actionsOn(intakeId)).not.toContain('sqs:SendMessage');
      const resources = statements.flatMap((st) => [st.Resource].flat().map((r) => JSON.stringify(r)));
      expect(new Set(resources)).toEqual(
        new Set([JSON.stringify({ 'Fn::GetAtt': [intakeId, 'Arn'] }), JSON.stringify({ 'Fn::GetAtt': [fifoId, 'Arn'] })]),
      );
      // The pipe starts polling once it exists: its role's policy must be in place first.
      const pipeDependsOn = service.toJSON().Resources[pipeId].DependsOn as string[];
      for (const [policyId] of policies) expect(pipeDependsOn).toContain(policyId);
    },
  );

  it('encrypts every intake queue and dead-letters it to one intake DLQ with an alarm', () => {
    const intakeIds = manifest.rules.filter(isFifoRule).map(targetQueueIdOf);
    const resources = service.toJSON().Resources;
    const dlqIds = new Set<string>(intakeIds.map((id) => resources[id].Properties.RedrivePolicy?.deadLetterTargetArn?.['Fn::GetAtt']?.[0]));
    expect(dlqIds.size).toBe(1);
    const dlqId = [...dlqIds][0] as string;
    for (const id of [...intakeIds, dlqId]) {
      expect(resources[id].Properties.SqsManagedSseEnabled, id).toBe(true);
      // Like every queue here: TLS only.
      const policy = resourcesOf(service, 'AWS::SQS::QueuePolicy').find(([, p]) => p.Properties.Queues[0].Ref === id);
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument), id).toContain('aws:SecureTransport');
    }
    for (const id of intakeIds) expect(resources[id].Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThan(1);
    const alarms = resourcesOf(service, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(String(dlqId)),
    );
    expect(alarms).toHaveLength(1);
  });

  it.each(manifest.queues.map((q) => [q.name, q]))('feeds queue %s to its processor, reporting batch item failures', (_name, spec) => {
    const mappings = resourcesOf(service, 'AWS::Lambda::EventSourceMapping').filter(([, m]) =>
      JSON.stringify(m.Properties.EventSourceArn).includes(`${pascal(spec.name)}Queue`),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toMatchObject({ BatchSize: spec.batchSize, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(JSON.stringify(mappings[0]?.[1].Properties.FunctionName)).toContain(pascal(functionName(spec.processor)));
  });

  it('archives every event of the bus', () => {
    service.resourceCountIs('AWS::Events::EventBus', 1);
    service.hasResourceProperties('AWS::Events::Archive', { EventPattern: { source: [manifest.eventSource] }, RetentionDays: 30 });
  });

  it.each(manifest.schedules.map((s) => [s.name, s]))('runs schedule %s at its rate', (_name, schedule) => {
    service.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${schedule.everyMinutes} minute${schedule.everyMinutes === 1 ? '' : 's'})`,
    });
  });
});

describe('APIs and functions', () => {
  it.each(manifest.routes.map((r) => [`${r.method} ${r.path}`, r]))('declares %s with its authorization', (_name, route) => {
    const resources = service.findResources('AWS::ApiGateway::Resource');
    const lastPart = route.path.split('/').filter(Boolean).at(-1);
    const methods = resourcesOf(service, 'AWS::ApiGateway::Method').filter(([, m]) => {
      if (m.Properties.HttpMethod !== route.method) return false;
      const ref = m.Properties.ResourceId?.Ref as string | undefined;
      return ref ? resources[ref]?.Properties.PathPart === lastPart : lastPart === undefined;
    });
    expect(methods.length).toBeGreaterThan(0);
    const types = methods.map(([, m]) => m.Properties.AuthorizationType);
    expect(types).toContain(route.auth ? 'CUSTOM' : 'NONE');
  });

  it.each(manifest.wsRoutes.map((r) => [r.routeKey, r]))('declares WebSocket route %s', (routeKey, route) => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    if (route.routeKey === '$connect')
      service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$connect', AuthorizationType: 'CUSTOM' });
  });

  it('runs every function on Node.js 22, arm64, with tracing', () => {
    const functions = resourcesOf(service, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('Functions'));
    expect(functions).toHaveLength(handlers.length);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  it('grants API Gateway one invoke permission per route, without the console test-invoke ones', () => {
    const permissions = resourcesOf(service, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions.filter(([, p]) => JSON.stringify(p.Properties.SourceArn).includes('test-invoke-stage'))).toEqual([]);
    const routePermissions = permissions.filter(([id]) => id.startsWith('RestApi'));
    expect(routePermissions).toHaveLength(manifest.routes.length);
  });

  it('gives handlers the WebSocket callback URL of the partition they run in', () => {
    const endpoints = resourcesOf(service, 'AWS::Lambda::Function').map(
      ([, fn]) => fn.Properties.Environment?.Variables?.[manifest.wsEndpointEnvVar],
    );
    expect(endpoints.filter((e) => e === undefined)).toEqual([]);
    for (const endpoint of endpoints) {
      const text = JSON.stringify(endpoint);
      expect(text).not.toContain('amazonaws.com');
      expect(text).toContain('AWS::URLSuffix');
    }
  });

  it("caches the authorizer's answers for the manifest's time, which bounds how long a token outlives its expiry", () => {
    service.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      AuthorizerResultTtlInSeconds: manifest.authorizer.resultsCacheTtlSeconds,
    });
    expect(manifest.authorizer.resultsCacheTtlSeconds).toBeLessThanOrEqual(60);
  });

  it('throttles the stage and, harder, the login route', () => {
    service.hasResourceProperties('AWS::ApiGateway::Stage', {
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
    const queueIds = resourcesOf(service, 'AWS::SQS::Queue')
      .map(([id]) => id)
      .filter((id) => id.startsWith('Messaging'));
    // The probe reads every QUEUE_*_URL variable: each manifest queue and its DLQ.
    expect(queueIds).toHaveLength(2 * manifest.queues.length);
    const allowed = statementsOf(health)
      .filter((st) => [st.Action].flat().includes('sqs:GetQueueAttributes'))
      .flatMap((st) => [st.Resource].flat().map((r) => JSON.stringify(r)));
    for (const id of queueIds) expect(allowed, id).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
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
    const tables = manifest.tables.filter((t) => bundle?.includes(`"${t.envVar}"`));
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
  const responses = () => resourcesOf(service, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);

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

/** Every statement of the policies attached to a function's role. */
function statementsOf(handler: string): PolicyStatementJson[] {
  const fnId = new RegExp(`^Functions${pascal(functionName(handler))}[0-9A-F]{8}$`);
  const fn = resourcesOf(service, 'AWS::Lambda::Function').find(([id]) => fnId.test(id));
  const role = fn?.[1].Properties.Role['Fn::GetAtt'][0];
  expect(role, handler).toBeDefined();
  return resourcesOf(service, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((r: { Ref?: string }) => r.Ref === role))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

/** The actions a function's role allows on a table itself (not only on its indexes). */
function tableActionsOf(handler: string, tableName: string): string[] {
  const onTable = (resource: unknown) => {
    const text = JSON.stringify(resource);
    return text.includes(tableLogicalId(tableName)) && !text.includes('/index/');
  };
  return statementsOf(handler)
    .filter((statement) => statement.Effect === 'Allow' && [statement.Resource].flat().some(onTable))
    .flatMap((statement) => [statement.Action].flat());
}

function pascal(name: string): string {
  return name.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase());
}
