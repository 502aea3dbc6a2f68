/**
 * Everything stateless, built from the manifest: bus, queues, rules, functions, event
 * source mappings, schedules, and the two APIs. Rules that feed a FIFO queue go through an
 * intake queue and a pipe. Redeploying it never touches data.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CORS_ALLOWED_ORIGINS_ENV } from '../../shared/http/cors';
import { RestApi, WebSocketApi } from '../constructs/apis';
import { FifoIntake } from '../constructs/fifo-intake';
import { Functions } from '../constructs/functions';
import { Messaging } from '../constructs/messaging';
import { dlqEnvVar, type Manifest, type PatternValue } from '../manifest';

export interface ServiceStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly tables: Record<string, dynamodb.Table>;
  readonly signingKey: secretsmanager.Secret;
  readonly adminEmails: string;
  readonly projectRoot: string;
  /** Browser origins the REST API allows by CORS (the web console's distribution). */
  readonly corsAllowedOrigins?: readonly string[];
}

/** Manifest pattern values → CloudFormation event pattern values. */
function toPatternValues(values: readonly PatternValue[]): unknown[] {
  return values.map((v) => v);
}

export class ServiceStack extends Stack {
  readonly functions: Functions;
  readonly rest: RestApi;
  readonly webSocket: WebSocketApi;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const m = props.manifest;
    const messaging = new Messaging(this, 'Messaging', { manifest: m });
    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: 'evenly',
      ADMIN_EMAILS: props.adminEmails,
      [CORS_ALLOWED_ORIGINS_ENV]: (props.corsAllowedOrigins ?? []).join(','),
      [m.busEnvVar]: messaging.bus.eventBusName,
      [m.signingKeyEnvVar]: props.signingKey.secretArn,
      ...Object.fromEntries(m.tables.map((t) => [t.envVar, (props.tables[t.name] as dynamodb.Table).tableName])),
      ...Object.fromEntries(m.queues.map((q) => [q.envVar, messaging.queues[q.name]?.queueUrl as string])),
      ...Object.fromEntries(m.queues.map((q) => [dlqEnvVar(q), messaging.deadLetterQueues[q.name]?.queueUrl as string])),
    };
    this.functions = new Functions(this, 'Functions', {
      environment,
      projectRoot: props.projectRoot,
      indexNames: Object.fromEntries(m.tables.map((t) => [t.name, t.gsis.map((g) => g.name)])),
      targets: {
        tables: props.tables,
        bus: messaging.bus,
        queues: messaging.queues,
        deadLetterQueues: messaging.deadLetterQueues,
        signingKey: props.signingKey,
      },
    });
    const authorizerFn = this.functions.get(m.authorizer);

    for (const spec of m.queues) {
      const fn = this.functions.get({ handler: spec.processor, grants: spec.grants, timeoutSeconds: spec.processorTimeoutSeconds });
      fn.addEventSource(
        new SqsEventSource(messaging.queues[spec.name] as never, { batchSize: spec.batchSize, reportBatchItemFailures: true }),
      );
    }
    // A rule cannot give each FIFO message its own group; a pipe from an intake queue can (see FifoIntake).
    const fifoIntake = new FifoIntake(this, 'FifoIntake');
    for (const rule of m.rules) {
      const queue = messaging.queues[rule.queue];
      if (!queue) throw new Error(`Rule ${rule.name} targets unknown queue ${rule.queue}`);
      const fifo = m.queues.find((q) => q.name === rule.queue)?.fifo ?? false;
      const destination = fifo ? fifoIntake.intakeFor(rule, queue) : queue;
      new events.Rule(this, `Rule-${rule.name}`, {
        eventBus: messaging.bus,
        description: `${rule.name} → ${rule.queue}`,
        eventPattern: {
          ...(rule.pattern.source ? { source: toPatternValues(rule.pattern.source) as string[] } : {}),
          ...(rule.pattern['detail-type'] ? { detailType: toPatternValues(rule.pattern['detail-type']) as string[] } : {}),
          ...(rule.pattern.detail
            ? { detail: Object.fromEntries(Object.entries(rule.pattern.detail).map(([k, v]) => [k, toPatternValues(v)])) }
            : {}),
        },
        targets: [new targets.SqsQueue(destination)],
      });
    }
    for (const schedule of m.schedules) {
      new events.Rule(this, `Schedule-${schedule.name}`, {
        schedule: events.Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new targets.LambdaFunction(this.functions.get(schedule))],
      });
    }

    const rest = new RestApi(this, 'Rest', {
      manifest: m,
      functions: this.functions,
      authorizerFn,
      corsAllowedOrigins: props.corsAllowedOrigins ?? [],
    });
    const ws = new WebSocketApi(this, 'WebSocket', { manifest: m, functions: this.functions, authorizerFn });
    this.rest = rest;
    this.webSocket = ws;
    for (const fn of this.functions.all()) fn.addEnvironment(m.wsEndpointEnvVar, ws.managementEndpoint());
    for (const { fn } of this.functions.deferredGrants) ws.stage.grantManagementApiAccess(fn);

    new CfnOutput(this, 'RestApiUrl', { value: rest.api.url });
    new CfnOutput(this, 'WebSocketUrl', { value: ws.stage.url });
  }
}
