/**
 * What every function stack builds on: the alarm topic, the event bus, the queues and the
 * event rules (with their DLQs and alarms). Stateless: messages in flight are the only state,
 * and the DLQs that hold failures are retained in prod.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Manifest } from '../../manifest/manifest';
import { type AlarmSubscribers, Alarms, AlarmTopic } from '../constructs/alerting';
import { Messaging } from '../constructs/messaging';
import type { StageSettings } from '../stage';

export interface MessagingStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly stage: StageSettings;
  readonly subscribers: AlarmSubscribers;
}

export class MessagingStack extends Stack {
  readonly alarmTopic: AlarmTopic;
  readonly alarms: Alarms;
  readonly messaging: Messaging;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.alarmTopic = new AlarmTopic(this, 'Alerts', { subscribers: props.subscribers });
    this.alarms = new Alarms(this.alarmTopic.topic);
    this.messaging = new Messaging(this, 'Messaging', { manifest: props.manifest, stage: props.stage, alarms: this.alarms });
  }
}
