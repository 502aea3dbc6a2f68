/**
 * The dashboard and the alarms on business metrics, which watch no single resource. Last to
 * deploy: it only reads from the other stacks.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Manifest } from '../../manifest/manifest';
import { DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/observability/metric-names';
import type { Alarms } from '../constructs/alerting';
import { Dashboard } from '../constructs/dashboard';
import type { Messaging } from '../constructs/messaging';

/** Reconciliation results are looked at per hour: the schedule runs at least that often. */
export const RECONCILIATION_ALARM_PERIOD = Duration.hours(1);

export interface MonitoringStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly functionOf: (handler: string) => lambda.IFunction;
  readonly messaging: Messaging;
  readonly restApi: apigw.RestApi;
  readonly webSocketApi: apigwv2.WebSocketApi;
  readonly alarms: Alarms;
}

export class MonitoringStack extends Stack {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    props.alarms.add(this, 'ReconciliationAlarm', {
      kind: 'reconciliation',
      finding: 'The last reconciliation found the books out of balance, or could not read the whole table.',
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.reconciliationFailed,
        dimensionsMap: { [DIMENSION.service]: METRICS_SERVICE },
        statistic: 'Maximum',
        period: RECONCILIATION_ALARM_PERIOD,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // An hour without a run keeps the last verdict: a failure stays raised until a run passes
      // (the schedule's heartbeat alarm says when runs stop).
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.dashboard = new Dashboard(this, 'Dashboard', { ...props, alarms: props.alarms.all });
  }
}
