/**
 * What an on-call engineer relies on, read from the synthesized dev templates: every alarm
 * notifies the one topic and says what to do; every DLQ (of a queue, an event rule, a
 * schedule) is alarmed and redrivable; every rule target retries and dead-letters; the dashboard
 * covers every route, queue, processor, schedule and rule; functions get exactly what their
 * grants give, which is what the local runtime enforces; cdk-nag is acknowledged per resource.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/build-app';
import { deadLetterSources } from '../../infra/dead-letters';
import { FEATURE_FLAG_DEVIATIONS } from '../../infra/feature-flags';
import { actionsOf, grantSpecs } from '../../infra/grants';
import { RUNBOOK } from '../../infra/runbook';
import { concerns, functionName, grantsOf, handlerPaths, manifest } from '../../manifest/manifest';
import { CORS_ALLOWED_ORIGINS_ENV } from '../../shared/http/cors';
import { METRIC } from '../../shared/observability/metric-names';
import { pascal, type Resource, referencesIn, type Synthesized, synthesize } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

const alarms = () => s.resources('AWS::CloudWatch::Alarm');
const functionOf = (handler: string) =>
  s
    .resources('AWS::Lambda::Function')
    .find((f) => new RegExp(`^Functions${pascal(functionName(handler))}[0-9A-F]{8}$`).test(f.id)) as Resource;
const statementsOf = (fn: Resource) => {
  const role = fn.properties.Role['Fn::GetAtt'][0];
  return s
    .resources('AWS::IAM::Policy')
    .filter((p) => p.stack === fn.stack && p.properties.Roles.some((r: { Ref?: string }) => r.Ref === role))
    .flatMap((p) => p.properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
};
/** The queue resource behind each dead-letter source, wherever its stack made it. */
const dlqOf = (dlqName: string): Resource => {
  const id = pascal(dlqName);
  const found = s.resources('AWS::SQS::Queue').find((q) => q.id.replace(/[0-9A-F]{8}$/, '').endsWith(id));
  expect(found, dlqName).toBeDefined();
  return found as Resource;
};

describe('alerting', () => {
  it('has one alarm topic, encrypted with a key CloudWatch may use', () => {
    const topics = s.resources('AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const key = s.referenced(topics[0]?.stack as string, topics[0]?.properties.KmsMasterKeyId);
    expect(key?.type).toBe('AWS::KMS::Key');
    expect(key?.properties.EnableKeyRotation).toBe(true);
    const cloudWatch = key?.properties.KeyPolicy.Statement.find(
      (st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'cloudwatch.amazonaws.com',
    );
    expect([cloudWatch?.Action].flat()).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
  });

  it('makes every alarm notify the topic when it fires and when it recovers', () => {
    const topic = s.resources('AWS::SNS::Topic')[0] as Resource;
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      for (const actions of [alarm.properties.AlarmActions, alarm.properties.OKActions]) {
        expect(actions, alarm.id).toHaveLength(1);
        expect(s.referenced(alarm.stack, actions[0])?.id, alarm.id).toBe(topic.id);
      }
    }
  });

  it('says in every alarm what it found and what to do, pointing at a runbook entry the README has', () => {
    const readme = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
    const titles = Object.values(RUNBOOK).map((r) => r.title);
    for (const title of titles) expect(readme, title).toContain(`#### ${title}`);
    for (const alarm of alarms()) {
      const description = String(alarm.properties.AlarmDescription);
      expect(
        titles.some((title) => description.endsWith(`"${title}".`)),
        `${alarm.id}: ${description}`,
      ).toBe(true);
    }
  });

  it('alarms on errors and throttles of every concern, at most 10 functions to an alarm', () => {
    for (const concern of concerns()) {
      const ofConcern = alarms().filter(
        (a) => a.stack === `Evenly-${pascal(concern)}` && /^[A-Za-z]+\d+(Errors|Throttles)Alarm/.test(a.id),
      );
      expect(ofConcern.length, concern).toBeGreaterThanOrEqual(2);
      for (const alarm of ofConcern) {
        const metrics = (alarm.properties.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[]).filter((m) => m.MetricStat);
        expect(metrics.length).toBeLessThanOrEqual(10);
        expect(new Set(metrics.map((m) => m.MetricStat?.Metric.MetricName))).toEqual(
          new Set([alarm.id.includes('Errors') ? 'Errors' : 'Throttles']),
        );
      }
    }
    const covered = alarms()
      .filter((a) => /^[A-Za-z]+\d+ErrorsAlarm/.test(a.id))
      .flatMap((a) =>
        (a.properties.Metrics as { MetricStat?: { Metric: { Dimensions: { Value: unknown }[] } } }[]).filter((m) => m.MetricStat),
      )
      .map((m) => JSON.stringify(m.MetricStat?.Metric.Dimensions[0]?.Value));
    expect(covered).toHaveLength(handlerPaths().length);
  });

  it.each(manifest.queues.map((q) => [q.name, q]))('alarms when the oldest message of %s waits past its deliveries', (_name, queue) => {
    const alarm = alarms().find((a) => a.id.startsWith(`Messaging${pascal(queue.name)}AgeAlarm`));
    expect(alarm?.properties).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: queue.visibilityTimeoutSeconds * queue.maxReceiveCount,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(manifest.rules.map((r) => [r.name, r]))('alarms on failed deliveries of rule %s on the custom bus', (_name, rule) => {
    const alarm = alarms().find((a) => a.id.startsWith(`Messaging${pascal(rule.name)}RuleFailuresAlarm`));
    const names = (
      (alarm?.properties.Metrics ?? []) as { MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string }[] } } }[]
    )
      .filter((m) => m.MetricStat)
      .map((m) => [m.MetricStat?.Metric.MetricName, m.MetricStat?.Metric.Dimensions.map((d) => d.Name).sort()]);
    expect(names).toEqual([
      ['FailedInvocations', ['EventBusName', 'RuleName']],
      ['InvocationsFailedToBeSentToDlq', ['EventBusName', 'RuleName']],
    ]);
  });

  it.each(manifest.schedules.map((sc) => [sc.name, sc]))('alarms when schedule %s stops running its function', (_name, schedule) => {
    const alarm = alarms().find((a) => a.id.startsWith(`${pascal(schedule.name)}HeartbeatAlarm`));
    expect(alarm?.properties).toMatchObject({
      MetricName: 'Invocations',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(s.referenced(alarm?.stack as string, alarm?.properties.Dimensions[0].Value)?.id).toBe(functionOf(schedule.handler).id);
  });

  it('alarms on the REST 5XX rate and p99 latency', () => {
    const rest = alarms().filter((a) => a.stack === 'Evenly-Api');
    expect(rest.map((a) => [a.properties.MetricName, a.properties.Statistic ?? a.properties.ExtendedStatistic]).sort()).toEqual([
      ['5XXError', 'Average'],
      ['Latency', 'p99'],
    ]);
  });

  it('alarms on a failed reconciliation, keeping the verdict between runs', () => {
    const alarm = alarms().find((a) => a.properties.MetricName === METRIC.reconciliationFailed);
    expect(alarm?.properties).toMatchObject({ Namespace: 'Evenly', Threshold: 1, TreatMissingData: 'ignore' });
  });
});

describe('dead letters', () => {
  it('gives every rule target and schedule its own DLQ and a retry policy', () => {
    for (const rule of s.resources('AWS::Events::Rule')) {
      const [target] = rule.properties.Targets;
      expect(target.RetryPolicy, rule.id).toEqual({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
      expect(target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThan(24 * 3600);
      const dlq = s.referenced(rule.stack, target.DeadLetterConfig?.Arn);
      expect(dlq?.type, rule.id).toBe('AWS::SQS::Queue');
      // EventBridge may send to it, for this rule only.
      const policy = s.resources('AWS::SQS::QueuePolicy').find((p) => p.stack === dlq?.stack && p.properties.Queues[0].Ref === dlq?.id);
      const statement = policy?.properties.PolicyDocument.Statement.find(
        (st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'events.amazonaws.com',
      );
      expect(statement?.Condition.ArnEquals['aws:SourceArn']).toEqual({ 'Fn::GetAtt': [rule.id, 'Arn'] });
    }
    const dlqs = s.resources('AWS::Events::Rule').map((r) => r.properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0]);
    expect(new Set(dlqs).size).toBe(dlqs.length);
  });

  it.each(deadLetterSources(manifest).map((source) => [source.dlqName, source]))('alarms on the depth of %s', (_name, source) => {
    const dlq = dlqOf(source.dlqName);
    const depth = alarms().filter(
      (a) =>
        a.properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        s.referenced(a.stack, a.properties.Dimensions[0].Value)?.id === dlq.id,
    );
    expect(depth).toHaveLength(1);
  });

  it.each(deadLetterSources(manifest).map((source) => [source.dlqName, source]))(
    'lets admin redrive read, empty and send %s back',
    (_name, source) => {
      const redrive = functionOf('functions/api/redrive-queue.ts');
      expect(s.referenced(redrive.stack, redrive.properties.Environment.Variables[source.envVar])?.id).toBe(dlqOf(source.dlqName).id);
      const allowedOn = (queue: Resource) =>
        statementsOf(redrive)
          .filter((st) => referencesIn(s, redrive.stack, st.Resource).some((r) => r.id === queue.id))
          .flatMap((st) => [st.Action].flat());
      expect(allowedOn(dlqOf(source.dlqName))).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      if (source.target) {
        const target = s
          .resources('AWS::SQS::Queue')
          .find((q) => q.id.startsWith(`Messaging${pascal(source.target?.queue.name ?? '')}Queue`));
        expect(allowedOn(target as Resource)).toContain('sqs:SendMessage');
      }
    },
  );
});

describe('functions and their grants', () => {
  /** Actions of a function's own policies, leaving out what other constructs add (event sources). */
  const grantedActions = (fn: Resource) => new Set(statementsOf(fn).flatMap((st) => [st.Action].flat()));

  it.each(handlerPaths().map((h) => [functionName(h), h]))(
    'gives %s exactly the actions its grants give, as the local runtime enforces them',
    (_name, handler) => {
      const fn = functionOf(handler);
      const expected = new Set(grantSpecs(grantsOf(handler), manifest).permissions.flatMap((p) => [...actionsOf(p)]));
      const eventSource = manifest.queues.some((q) => q.processor === handler)
        ? ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']
        : [];
      expect(grantedActions(fn)).toEqual(new Set([...expected, ...eventSource]));
    },
  );

  it.each(handlerPaths().map((h) => [functionName(h), h]))('gives %s only the environment its grants name', (_name, handler) => {
    const variables = Object.keys(functionOf(handler).properties.Environment?.Variables ?? {});
    const granted = grantSpecs(grantsOf(handler), manifest).env;
    expect(new Set(variables)).toEqual(
      new Set([
        'POWERTOOLS_SERVICE_NAME',
        'ADMIN_EMAILS',
        'SANDBOX_DEPOSITS',
        'REQUIRE_VERIFIED_EMAIL',
        'MAIL_FROM',
        CORS_ALLOWED_ORIGINS_ENV,
        'NODE_OPTIONS',
        ...granted,
      ]),
    );
  });

  it('caps the event source mapping of every queue that declares a maximum concurrency', () => {
    for (const queue of manifest.queues.filter((q) => q.maximumConcurrency !== undefined)) {
      const mapping = s
        .resources('AWS::Lambda::EventSourceMapping')
        .find((m) => s.referenced(m.stack, m.properties.FunctionName)?.id === functionOf(queue.processor).id);
      expect(mapping?.properties.ScalingConfig, queue.name).toEqual({ MaximumConcurrency: queue.maximumConcurrency });
    }
  });

  it('reserves no concurrency in dev, where a new account has none to spare', () => {
    expect(s.resources('AWS::Lambda::Function').filter((f) => f.properties.ReservedConcurrentExecutions !== undefined)).toEqual([]);
  });
});

describe('APIs', () => {
  it('logs every REST request with its caller, latency and errors', () => {
    const stage = s.resources('AWS::ApiGateway::Stage')[0];
    const format = JSON.parse(stage?.properties.AccessLogSetting.Format);
    expect(format).toMatchObject({
      caller: '$context.authorizer.principalId',
      status: '$context.status',
      responseLatencyMs: '$context.responseLatency',
      integrationLatencyMs: '$context.integrationLatency',
      error: '$context.error.message',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
    });
  });

  it('logs and throttles the WebSocket stage, errors only, without message bodies', () => {
    const stage = s.resources('AWS::ApiGatewayV2::Stage')[0];
    expect(stage?.properties.DefaultRouteSettings).toMatchObject({
      LoggingLevel: 'ERROR',
      DataTraceEnabled: false,
      ThrottlingRateLimit: expect.any(Number),
      ThrottlingBurstLimit: expect.any(Number),
    });
    expect(JSON.parse(stage?.properties.AccessLogSettings.Format)).toMatchObject({
      connectionId: '$context.connectionId',
      status: '$context.status',
    });
  });

  it('keeps function and access logs for a month in dev, and drops them with the stack', () => {
    for (const group of s.resources('AWS::Logs::LogGroup')) {
      expect(group.properties.RetentionInDays, group.id).toBe(30);
      expect(group.raw.DeletionPolicy, group.id).toBe('Delete');
    }
  });
});

describe('dashboard', () => {
  const body = () => JSON.stringify(s.resources('AWS::CloudWatch::Dashboard')[0]?.properties.DashboardBody);

  it('is one dashboard, with a graph per route, queue, processor, schedule and rule', () => {
    expect(s.resources('AWS::CloudWatch::Dashboard')).toHaveLength(1);
    const text = body();
    for (const route of manifest.routes) expect(text, route.path).toContain(`\\"title\\":\\"${route.method} ${route.path}\\"`);
    for (const queue of manifest.queues) {
      expect(text).toContain(`Queue ${queue.name}:`);
      expect(text).toContain(`Processor of ${queue.name}:`);
    }
    for (const schedule of manifest.schedules) expect(text).toContain(`Schedule ${schedule.name} `);
    for (const rule of manifest.rules) expect(text).toContain(`Rule ${rule.name} `);
  });

  it('draws the business metrics under the names the handlers emit', () => {
    const text = body();
    for (const name of [
      METRIC.commandAccepted,
      METRIC.commandCompleted,
      METRIC.commandFailed,
      METRIC.timeToComplete,
      METRIC.reconciliationViolations,
    ]) {
      expect(text, name).toContain(name);
    }
  });

  it('shows the state of every alarm', () => {
    const imported = (body().match(/Alarm[A-Za-z0-9]*Arn/g) ?? []).length;
    expect(imported).toBeGreaterThanOrEqual(alarms().length - 1);
  });
});

describe('deployment traps', () => {
  it('sets every feature flag a new CDK app gets to its recommended value, or says why not', () => {
    const recommended = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'node_modules/aws-cdk-lib/recommended-feature-flags.json'), 'utf8'));
    const context = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
    for (const [flag, value] of Object.entries(recommended)) {
      const deviation = FEATURE_FLAG_DEVIATIONS[flag];
      expect(context[flag], flag).toEqual(deviation ? deviation.value : value);
    }
    expect(context['@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId']).toBe(true);
  });

  it('acknowledges cdk-nag findings on resources, each with a reason, never on a stack or the app', () => {
    const acknowledged = s.evenly.app.node
      .findAll()
      .filter((c) => c.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const construct of acknowledged) {
      expect(construct instanceof Stack || construct === s.evenly.app, construct.node.path).toBe(false);
      for (const entry of construct.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
        for (const reason of Object.values(entry.data as Record<string, string>))
          expect(reason.length, construct.node.path).toBeGreaterThan(20);
      }
    }
  });
});
