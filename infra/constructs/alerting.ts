/**
 * The one SNS topic every alarm notifies, with its subscriptions from CDK context, and the
 * factory every stack raises its alarms through, so none goes without an action or a
 * description of what it means and what to do.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { type AlarmKind, alarmDescription, runbookPointer } from '../runbook';

export interface AlarmSubscribers {
  readonly emails: readonly string[];
  /** Endpoints that accept SNS's HTTPS deliveries (a chat or paging webhook). */
  readonly httpsUrls: readonly string[];
}

export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: { subscribers: AlarmSubscribers }) {
    super(scope, id);
    // SNS encrypts at rest with a KMS key; CloudWatch can publish only to a topic whose key lets it,
    // and the AWS-managed SNS key does not, so the topic has its own.
    const key = new kms.Key(this, 'Key', {
      description: 'Encrypts Evenly alarm notifications at rest',
      enableKeyRotation: true,
      // The key protects messages SNS holds only while delivering them; nothing outlives the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Evenly alarms', masterKey: key, enforceSSL: true });
    for (const email of props.subscribers.emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    for (const url of props.subscribers.httpsUrls) {
      this.topic.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
    }
  }
}

export interface AlarmSpec {
  readonly kind: AlarmKind;
  /** What this alarm found, in one sentence naming the resource: the runbook's action follows it. */
  readonly finding: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  /** Default: not breaching (a metric AWS sends only when non-zero, like errors or failed invocations). */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/** Raises alarms that notify the topic when they fire and when they recover. */
export class Alarms {
  /** Every alarm raised or adopted so far, for the dashboard's alarm widget. */
  readonly all: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(topic: sns.ITopic) {
    this.action = new actions.SnsAction(topic);
  }

  add(scope: Construct, id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmDescription: alarmDescription(spec.kind, spec.finding),
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      ...(spec.datapointsToAlarm === undefined ? {} : { datapointsToAlarm: spec.datapointsToAlarm }),
      treatMissingData: spec.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
    return alarm;
  }

  /**
   * Makes the alarms a construct raised by itself, without actions, notify the topic too, their
   * descriptions (already saying what to do) pointing at the runbook entry of their kind.
   */
  adopt(scope: Construct, kind: AlarmKind): void {
    for (const alarm of scope.node.findAll().filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm)) {
      const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
      cfn.alarmDescription = `${cfn.alarmDescription ?? ''} ${runbookPointer(kind)}`.trim();
      this.notify(alarm);
    }
  }

  private notify(alarm: cloudwatch.Alarm): void {
    this.all.push(alarm);
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
  }
}
