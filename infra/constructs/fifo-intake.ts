/**
 * How a rule's events reach a FIFO queue in their own message groups on AWS.
 *
 * An EventBridge rule's SQS target takes a literal MessageGroupId only (CloudFormation
 * `SqsParameters.MessageGroupId` is a plain string: aws/aws-cdk#32965,
 * aws-cloudformation/cloudformation-coverage-roadmap#2298), which would put every message of
 * a rule into one group: one serial lane per queue, where a poison message blocks all behind it.
 * EventBridge Pipes target parameters may be a JSON path into the message instead. So each rule
 * that feeds a FIFO queue delivers to a standard intake queue, and a pipe moves each message on
 * to the FIFO queue with the group the manifest's path names and the event id as deduplication id.
 *
 * The local runtime's bus reads the group from the event itself and delivers straight to the
 * FIFO queue; the processors accept both bodies a FIFO message can have (see
 * shared/processing/bus-event.ts).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RuleSpec } from '../manifest';

/** Receives before an intake message moves to the intake DLQ (the pipe could not deliver it). */
export const INTAKE_MAX_RECEIVE_COUNT = 5;
/** Messages a pipe reads per poll; an SQS target takes at most 10 per batch (EventBridge Pipes batching). */
export const INTAKE_BATCH_SIZE = 10;
/** The pipe's source is an SQS queue: its event is the SQS record, whose `body` is the EventBridge event. */
const SQS_BODY_PATH = '$.body';

/**
 * The pipe's JSON path to a value of the EventBridge event, which travels as the intake
 * record's body: `$.detail.groupId` → `$.body.detail.groupId`.
 */
export function intakePathOf(eventPath: string): string {
  if (!eventPath.startsWith('$.')) throw new Error(`Invariant: ${eventPath} is a JSON path from the event root ($.…)`);
  return `${SQS_BODY_PATH}${eventPath.slice(1)}`;
}

const pascal = (name: string) => name.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase());

export class FifoIntake extends Construct {
  /** One dead-letter queue for every intake queue: a message here never reached its FIFO queue. */
  readonly deadLetterQueue: sqs.Queue;
  /** Rule name → its intake queue. */
  readonly intakeQueues: Record<string, sqs.Queue> = {};
  /** Rule name → the pipe from its intake queue to its FIFO queue. */
  readonly pipes: Record<string, pipes.CfnPipe> = {};

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Same encryption and TLS as the manifest queues. SQS-managed keys need no KMS grants
    // for EventBridge or the pipe role; a customer key would need them on both.
    this.deadLetterQueue = new sqs.Queue(this, 'IntakeDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    new cloudwatch.Alarm(this, 'IntakeDlqAlarm', {
      alarmDescription:
        'Events are waiting in the FIFO intake DLQ: a pipe could not deliver them to their FIFO queue ' +
        `${INTAKE_MAX_RECEIVE_COUNT} times. Fix, then move them back with the SQS console's DLQ redrive.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** The standard queue a FIFO-bound rule targets, piped on to `fifoQueue` in the rule's message groups. */
  intakeFor(rule: RuleSpec, fifoQueue: sqs.Queue): sqs.Queue {
    if (!rule.messageGroupIdPath) throw new Error(`Rule ${rule.name} targets a FIFO queue and needs messageGroupIdPath`);
    const name = pascal(rule.name);
    const intake = new sqs.Queue(this, `${name}Intake`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: INTAKE_MAX_RECEIVE_COUNT },
    });
    const role = new iam.Role(this, `${name}PipeRole`, {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com'),
      description: `Moves ${rule.name} events from their intake queue to their FIFO queue`,
    });
    intake.grantConsumeMessages(role);
    fifoQueue.grantSendMessages(role);
    const pipe = new pipes.CfnPipe(this, `${name}Pipe`, {
      description: `${rule.name}: intake → FIFO, grouped by ${rule.messageGroupIdPath}`,
      roleArn: role.roleArn,
      source: intake.queueArn,
      sourceParameters: { sqsQueueParameters: { batchSize: INTAKE_BATCH_SIZE } },
      target: fifoQueue.queueArn,
      // No InputTemplate: the FIFO message is whatever the pipe passes on (the processors accept both shapes).
      targetParameters: {
        sqsQueueParameters: {
          messageGroupId: intakePathOf(rule.messageGroupIdPath),
          // EventBridge delivers at least once: the same event twice within 5 minutes is sent once.
          messageDeduplicationId: intakePathOf('$.id'),
        },
      },
    });
    // The pipe polls as soon as it exists: create it only once its role's policy is in place.
    pipe.node.addDependency(role);
    this.intakeQueues[rule.name] = intake;
    this.pipes[rule.name] = pipe;
    return intake;
  }
}
