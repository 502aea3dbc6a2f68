/**
 * The event bus with its archive; every manifest queue with its DLQ; every event rule with
 * its own DLQ and retry policy; and the alarms on all of them. Rules feed standard queues
 * only: FIFO queues are fed by code (grants `send:<queue>`).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dlqName, type Manifest, type QueueSpec, type RuleSpec } from '../../manifest/manifest';
import { deadLetterSource } from '../dead-letters';
import { pascal } from '../logical-ids';
import { acknowledge } from '../nag';
import { DEAD_LETTER_RETENTION_DAYS, type StageSettings } from '../stage';
import type { Alarms } from './alerting';

/** AWS guidance for SQS event sources: visibility timeout ≥ 6 × function timeout. */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;
/** Lambda's bounds on an SQS event source's maximum concurrency. */
export const MIN_MAXIMUM_CONCURRENCY = 2;
export const MAX_MAXIMUM_CONCURRENCY = 1_000;

/**
 * How long EventBridge keeps retrying a rule target before the event goes to the rule's DLQ.
 * Its default is 24 h and 185 attempts, after which an event without a DLQ is dropped: an hour
 * is long enough to ride out a throttled queue, and short enough that the DLQ alarm tells someone.
 */
export const RULE_MAX_EVENT_AGE = Duration.hours(1);
export const RULE_RETRY_ATTEMPTS = 20;

/** Alarm periods: SQS and EventBridge publish their metrics every minute. */
const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

export function checkQueueSpec(queue: QueueSpec): void {
  if (queue.visibilityTimeoutSeconds < VISIBILITY_TO_TIMEOUT_RATIO * queue.processorTimeoutSeconds) {
    throw new Error(
      `Queue ${queue.name}: visibilityTimeoutSeconds (${queue.visibilityTimeoutSeconds}) must be at least ` +
        `${VISIBILITY_TO_TIMEOUT_RATIO} × processorTimeoutSeconds (${queue.processorTimeoutSeconds})`,
    );
  }
  if (queue.fifo && queue.batchSize > 10) throw new Error(`Queue ${queue.name}: FIFO event sources take at most 10 records`);
  const maximum = queue.maximumConcurrency;
  if (maximum !== undefined && (maximum < MIN_MAXIMUM_CONCURRENCY || maximum > MAX_MAXIMUM_CONCURRENCY)) {
    throw new Error(`Queue ${queue.name}: maximumConcurrency must be ${MIN_MAXIMUM_CONCURRENCY}–${MAX_MAXIMUM_CONCURRENCY}`);
  }
  if (maximum !== undefined && queue.reservedConcurrency !== undefined && maximum > queue.reservedConcurrency) {
    throw new Error(`Queue ${queue.name}: maximumConcurrency above the reservation would throttle batches into the DLQ`);
  }
}

/**
 * How long a message may legitimately wait: a stuck FIFO message holds its group back until its
 * last delivery, `maxReceiveCount` visibility timeouts after the first.
 */
export const oldestMessageAgeLimitSeconds = (queue: QueueSpec): number => queue.visibilityTimeoutSeconds * queue.maxReceiveCount;

function eventPatternOf(rule: RuleSpec): events.EventPattern {
  return {
    ...(rule.pattern.source ? { source: [...rule.pattern.source] as string[] } : {}),
    ...(rule.pattern['detail-type'] ? { detailType: [...rule.pattern['detail-type']] as string[] } : {}),
    ...(rule.pattern.detail ? { detail: Object.fromEntries(Object.entries(rule.pattern.detail).map(([k, v]) => [k, [...v]])) } : {}),
  };
}

export interface MessagingProps {
  readonly manifest: Manifest;
  readonly stage: StageSettings;
  readonly alarms: Alarms;
}

export class Messaging extends Construct {
  readonly bus: events.EventBus;
  /** Manifest queue name → queue. */
  readonly queues: Record<string, sqs.Queue> = {};
  /** Dead-letter queue name (infra/dead-letters.ts) → queue: the manifest queues' and the rules'. */
  readonly deadLetterQueues: Record<string, sqs.Queue> = {};
  readonly rules: Record<string, events.Rule> = {};

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const m = props.manifest;
    this.bus = new events.EventBus(this, 'Bus');
    this.bus.archive('Archive', {
      description: 'Every Evenly event, for replay after a fix',
      eventPattern: { source: [m.eventSource] },
      retention: Duration.days(30),
    });
    for (const spec of m.queues) this.addQueue(spec, props);
    for (const rule of m.rules) this.addRule(rule, props);
  }

  private addQueue(spec: QueueSpec, { stage, alarms }: MessagingProps): void {
    checkQueueSpec(spec);
    const name = pascal(spec.name);
    const common = {
      ...(spec.fifo ? { fifo: true, contentBasedDeduplication: true } : {}),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    };
    const dlq = new sqs.Queue(this, `${name}Dlq`, {
      ...common,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
      removalPolicy: stage.deadLetterRemoval,
    });
    const queue = new sqs.Queue(this, `${name}Queue`, {
      ...common,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(stage.queueRetentionDays),
      deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      // High-throughput FIFO: quotas per message group rather than per queue, so aggregates spread over partitions.
      ...(spec.fifo
        ? { fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID, deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP }
        : {}),
    });
    alarms.add(this, `${name}DlqAlarm`, {
      kind: 'dead-letters',
      finding: `Messages are waiting in ${dlqName(spec)}: its processor failed on them ${spec.maxReceiveCount} times.`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const ageLimitSeconds = oldestMessageAgeLimitSeconds(spec);
    alarms.add(this, `${name}AgeAlarm`, {
      kind: 'queue-age',
      finding:
        `A message in ${spec.name} has waited over ${ageLimitSeconds} s, longer than its ${spec.maxReceiveCount} deliveries ` +
        `of ${spec.visibilityTimeoutSeconds} s each can take.`,
      metric: queue.metricApproximateAgeOfOldestMessage({ period: ONE_MINUTE, statistic: 'Maximum' }),
      threshold: ageLimitSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
    this.queues[spec.name] = queue;
    this.deadLetterQueues[dlqName(spec)] = dlq;
  }

  private addRule(rule: RuleSpec, { manifest: m, stage, alarms }: MessagingProps): void {
    const queue = this.queues[rule.queue];
    if (!queue) throw new Error(`Rule ${rule.name} targets unknown queue ${rule.queue}`);
    const source = deadLetterSource(m, rule.name);
    if (!source) throw new Error(`Invariant: rule ${rule.name} has a dead-letter source`);
    const name = pascal(rule.name);
    // A rule's SQS target takes one literal MessageGroupId (aws/aws-cdk#32965): FIFO queues are fed by code.
    if (m.queues.find((q) => q.name === rule.queue)?.fifo) throw new Error(`Rule ${rule.name} targets FIFO queue ${rule.queue}`);
    // EventBridge dead-letter queues must be standard queues.
    const dlq = new sqs.Queue(this, `${name}RuleDlq`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
      removalPolicy: stage.deadLetterRemoval,
    });
    acknowledge(dlq, 'AwsSolutions-SQS3');
    const eventRule = new events.Rule(this, `Rule-${rule.name}`, {
      eventBus: this.bus,
      description: `${rule.name} → ${rule.queue}`,
      eventPattern: eventPatternOf(rule),
      targets: [new targets.SqsQueue(queue, { deadLetterQueue: dlq, retryAttempts: RULE_RETRY_ATTEMPTS, maxEventAge: RULE_MAX_EVENT_AGE })],
    });
    alarms.add(this, `${name}RuleDlqAlarm`, {
      kind: 'dead-letters',
      finding: `Events of rule ${rule.name} wait in ${source.dlqName}: EventBridge could not deliver them to ${rule.queue} for ${RULE_MAX_EVENT_AGE.toHumanString()}.`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarms.add(this, `${name}RuleFailuresAlarm`, {
      kind: 'rule-failures',
      finding: `Rule ${rule.name} failed to deliver events to ${rule.queue}, or could not even dead-letter them (those are lost).`,
      metric: new cloudwatch.MathExpression({
        expression: 'failed + lost',
        usingMetrics: {
          failed: this.ruleMetric(eventRule, 'FailedInvocations'),
          lost: this.ruleMetric(eventRule, 'InvocationsFailedToBeSentToDlq'),
        },
        period: FIVE_MINUTES,
        label: `${rule.name} failed deliveries`,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.rules[rule.name] = eventRule;
    this.deadLetterQueues[source.dlqName] = dlq;
  }

  /** Rules on a custom bus publish their metrics under both the bus and the rule name. */
  ruleMetric(rule: events.Rule, metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName,
      dimensionsMap: { EventBusName: this.bus.eventBusName, RuleName: rule.ruleName },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
  }
}
