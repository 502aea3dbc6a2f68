/**
 * The functions of one concern (manifest/manifest.ts: `Concern`) and what only they use: the
 * event source mappings of the processors among them, the schedules that run them with their
 * DLQs, and their alarms. One stack per concern keeps each stack far from CloudFormation's 500
 * resources as routes are added; stateless, so it can be redeployed freely.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type Concern, functionName, functionRequests, type Manifest, type ScheduleSpec } from '../../manifest/manifest';
import type { Alarms } from '../constructs/alerting';
import { Functions } from '../constructs/functions';
import type { GrantTargets } from '../constructs/grant-targets';
import { deadLetterSource } from '../dead-letters';
import { pascal } from '../logical-ids';
import { acknowledge } from '../nag';
import { DEAD_LETTER_RETENTION_DAYS, type StageSettings } from '../stage';

/** CloudWatch alarms on metric math take at most 10 metrics (a hard limit): larger concerns get one alarm per 10 functions. */
export const MAX_METRICS_PER_ALARM = 10;
/** Lambda errors (a crash or timeout: handlers answer failures themselves) that page someone. */
export const FUNCTION_ERRORS_PER_5_MINUTES = 3;
export const FUNCTION_THROTTLES_PER_5_MINUTES = 5;
/** A schedule retried for longer than this is dead-lettered: its next tick does the work anyway. */
export const SCHEDULE_MAX_EVENT_AGE = Duration.minutes(15);
export const SCHEDULE_RETRY_ATTEMPTS = 3;
const FIVE_MINUTES = Duration.minutes(5);

/** A schedule has stopped when it has not run for two of its intervals (at least five minutes). */
export const heartbeatWindowMinutes = (schedule: ScheduleSpec): number => Math.max(5, 2 * schedule.everyMinutes);

export interface ConcernStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly concern: Concern;
  readonly targets: GrantTargets;
  readonly alarms: Alarms;
  readonly stage: StageSettings;
  readonly projectRoot: string;
  /** What every function sees besides its grants' variables. */
  readonly environment: Record<string, string>;
}

export class ConcernStack extends Stack {
  readonly concern: Concern;
  readonly functions: Functions;

  constructor(scope: Construct, id: string, props: ConcernStackProps) {
    super(scope, id, props);
    const m = props.manifest;
    this.concern = props.concern;
    const requests = functionRequests(m).filter((r) => r.concern === props.concern);
    const handlers = new Set(requests.map((r) => r.handler));
    const schedules = m.schedules.filter((s) => handlers.has(s.handler));
    // Before the functions: a redrive function here may be granted these.
    const scheduleDlqs = new Map(schedules.map((s) => [s.name, this.scheduleDlq(s, props)]));

    this.functions = new Functions(this, 'Functions', {
      manifest: m,
      targets: props.targets,
      environment: props.environment,
      projectRoot: props.projectRoot,
      stage: props.stage,
    });
    for (const request of requests) this.functions.get(request);

    for (const spec of m.queues.filter((q) => handlers.has(q.processor))) {
      this.functionOf(spec.processor).addEventSource(
        new SqsEventSource(props.targets.queue(spec.name), {
          batchSize: spec.batchSize,
          reportBatchItemFailures: true,
          ...(spec.maximumConcurrency === undefined ? {} : { maxConcurrency: spec.maximumConcurrency }),
        }),
      );
    }
    for (const schedule of schedules) this.addSchedule(schedule, scheduleDlqs.get(schedule.name) as sqs.Queue, props);
    this.addFunctionAlarms(props.alarms);
  }

  functionOf(handler: string): lambda.IFunction {
    const fn = this.functions.find(handler);
    if (!fn) throw new Error(`Invariant: ${handler} is not a function of the ${this.concern} concern`);
    return fn;
  }

  private scheduleDlq(schedule: ScheduleSpec, props: ConcernStackProps): sqs.Queue {
    const source = deadLetterSource(props.manifest, schedule.name);
    if (!source) throw new Error(`Invariant: schedule ${schedule.name} has a dead-letter source`);
    const dlq = new sqs.Queue(this, `${pascal(schedule.name)}ScheduleDlq`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
      removalPolicy: props.stage.deadLetterRemoval,
    });
    acknowledge(dlq, 'AwsSolutions-SQS3');
    props.targets.addQueue(source.dlqName, dlq, source.envVar);
    props.alarms.add(this, `${pascal(schedule.name)}ScheduleDlqAlarm`, {
      kind: 'dead-letters',
      finding: `Ticks of schedule ${schedule.name} wait in ${source.dlqName}: EventBridge could not invoke its function.`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    return dlq;
  }

  private addSchedule(schedule: ScheduleSpec, dlq: sqs.Queue, props: ConcernStackProps): void {
    const fn = this.functionOf(schedule.handler);
    new events.Rule(this, `Schedule-${schedule.name}`, {
      description: `${schedule.name} every ${schedule.everyMinutes} min`,
      schedule: events.Schedule.rate(Duration.minutes(schedule.everyMinutes)),
      targets: [
        new targets.LambdaFunction(fn, {
          deadLetterQueue: dlq,
          retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
          maxEventAge: SCHEDULE_MAX_EVENT_AGE,
        }),
      ],
    });
    const windowMinutes = heartbeatWindowMinutes(schedule);
    props.alarms.add(this, `${pascal(schedule.name)}HeartbeatAlarm`, {
      kind: 'schedule-heartbeat',
      finding: `Schedule ${schedule.name} (every ${schedule.everyMinutes} min) has not run its function for ${windowMinutes} minutes.`,
      metric: fn.metricInvocations({ period: Duration.minutes(windowMinutes), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // Lambda publishes nothing for a function nobody invokes: no data is the finding itself.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  /** Errors and throttles over the concern's functions, at most 10 to an alarm. */
  private addFunctionAlarms(alarms: Alarms): void {
    const handlers = this.handlers();
    for (let first = 0; first < handlers.length; first += MAX_METRICS_PER_ALARM) {
      const part = handlers.slice(first, first + MAX_METRICS_PER_ALARM);
      const suffix = handlers.length > MAX_METRICS_PER_ALARM ? ` (part ${first / MAX_METRICS_PER_ALARM + 1})` : '';
      const names = part.map(functionName).join(', ');
      const sum = (metricOf: (fn: lambda.IFunction) => cloudwatch.IMetric, label: string) =>
        new cloudwatch.MathExpression({
          expression: part.map((_, i) => `FILL(m${i}, 0)`).join(' + '),
          usingMetrics: Object.fromEntries(part.map((handler, i) => [`m${i}`, metricOf(this.functionOf(handler))])),
          period: FIVE_MINUTES,
          label,
        });
      const id = `${pascal(this.concern)}${first / MAX_METRICS_PER_ALARM + 1}`;
      alarms.add(this, `${id}ErrorsAlarm`, {
        kind: 'function-errors',
        finding: `Functions of the ${this.concern} concern${suffix} failed ${FUNCTION_ERRORS_PER_5_MINUTES}+ times in 5 minutes: ${names}.`,
        metric: sum((fn) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), `${this.concern} errors`),
        threshold: FUNCTION_ERRORS_PER_5_MINUTES,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarms.add(this, `${id}ThrottlesAlarm`, {
        kind: 'function-throttles',
        finding: `Functions of the ${this.concern} concern${suffix} were throttled ${FUNCTION_THROTTLES_PER_5_MINUTES}+ times in 5 minutes: ${names}.`,
        metric: sum((fn) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), `${this.concern} throttles`),
        threshold: FUNCTION_THROTTLES_PER_5_MINUTES,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
  }

  /** Handlers of this concern's functions, in manifest order. */
  handlers(): string[] {
    return this.functions.handlers();
  }
}
