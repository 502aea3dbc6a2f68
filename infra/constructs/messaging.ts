/** The event bus with its archive, and every manifest queue with its DLQ and alarm. */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dlqName, type Manifest, type QueueSpec } from '../manifest';

/** AWS guidance for SQS event sources: visibility timeout ≥ 6 × function timeout. */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

export function checkQueueSpec(queue: QueueSpec): void {
  if (queue.visibilityTimeoutSeconds < VISIBILITY_TO_TIMEOUT_RATIO * queue.processorTimeoutSeconds) {
    throw new Error(
      `Queue ${queue.name}: visibilityTimeoutSeconds (${queue.visibilityTimeoutSeconds}) must be at least ` +
        `${VISIBILITY_TO_TIMEOUT_RATIO} × processorTimeoutSeconds (${queue.processorTimeoutSeconds})`,
    );
  }
  if (queue.fifo && queue.batchSize > 10) throw new Error(`Queue ${queue.name}: FIFO event sources take at most 10 records`);
}

const pascal = (name: string) => name.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase());

export class Messaging extends Construct {
  readonly bus: events.EventBus;
  readonly queues: Record<string, sqs.Queue> = {};
  readonly deadLetterQueues: Record<string, sqs.Queue> = {};

  constructor(scope: Construct, id: string, props: { manifest: Manifest }) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus');
    this.bus.archive('Archive', {
      description: 'Every Evenly event, for replay after a fix',
      eventPattern: { source: [props.manifest.eventSource] },
      retention: Duration.days(30),
    });
    for (const spec of props.manifest.queues) {
      checkQueueSpec(spec);
      const common = {
        ...(spec.fifo ? { fifo: true, contentBasedDeduplication: true } : {}),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      };
      const dlq = new sqs.Queue(this, `${pascal(spec.name)}Dlq`, { ...common, retentionPeriod: Duration.days(14) });
      const queue = new sqs.Queue(this, `${pascal(spec.name)}Queue`, {
        ...common,
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      });
      new cloudwatch.Alarm(this, `${pascal(spec.name)}DlqAlarm`, {
        alarmDescription: `Messages are waiting in ${dlqName(spec)}: processing failed ${spec.maxReceiveCount} times. Fix, then redrive.`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.queues[spec.name] = queue;
      this.deadLetterQueues[spec.name] = dlq;
    }
  }
}
