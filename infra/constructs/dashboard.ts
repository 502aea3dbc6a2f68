/**
 * One CloudWatch dashboard built from the manifest: the alarms, the business metrics, the two
 * APIs, then a graph per route, per queue, per processor, per schedule and per rule. A route,
 * queue or schedule added to the manifest appears here with no other change.
 *
 * Business metrics are drawn with SEARCH expressions, so every command kind and failure reason
 * the handlers emit shows up without being listed here.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { dlqName, type Manifest } from '../../manifest/manifest';
import { DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/observability/metric-names';
import type { Messaging } from './messaging';

const PERIOD = Duration.minutes(5);
/** The dashboard grid is 24 units wide. */
const FULL = 24;
const THIRD = 8;
const QUARTER = 6;
const HEIGHT = 6;

/** A SEARCH over one business metric, one line per value of its dimensions. */
function search(metric: string, dimensions: readonly string[], statistic: string, label: string): cloudwatch.MathExpression {
  const schema = [METRICS_NAMESPACE, DIMENSION.service, ...dimensions].join(',');
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${metric}" ${DIMENSION.service}="${METRICS_SERVICE}"', '${statistic}', ${PERIOD.toSeconds()})`,
    label,
    period: PERIOD,
  });
}

const businessMetric = (metricName: string, statistic: string) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [DIMENSION.service]: METRICS_SERVICE },
    statistic,
    period: PERIOD,
  });

export interface DashboardProps {
  readonly manifest: Manifest;
  readonly functionOf: (handler: string) => lambda.IFunction;
  readonly messaging: Messaging;
  readonly restApi: apigw.RestApi;
  readonly webSocketApi: apigwv2.WebSocketApi;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new cloudwatch.TextWidget({
            width: FULL,
            height: 2,
            markdown:
              '# Evenly\nAlarms first; then what users did (commands accepted, completed, failed by reason, time to complete) and whether the books balanced; ' +
              'then each route, queue, processor, schedule and rule. Every alarm has a runbook entry in the README under "Alarms".',
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: FULL, height: 4 })],
        ...this.business(),
        ...this.apis(props),
        ...this.routes(props),
        ...this.queues(props),
        ...this.processors(props),
        ...this.schedulesAndRules(props),
      ],
    });
  }

  private business(): cloudwatch.IWidget[][] {
    const graph = (title: string, metrics: cloudwatch.IMetric[], width = THIRD) =>
      new cloudwatch.GraphWidget({ title, left: metrics, width, height: HEIGHT });
    return [
      [new cloudwatch.TextWidget({ markdown: '## Business', width: FULL, height: 1 })],
      [
        graph('Commands accepted, by kind', [search(METRIC.commandAccepted, [DIMENSION.kind], 'Sum', '')]),
        graph('Commands completed, by kind', [search(METRIC.commandCompleted, [DIMENSION.kind], 'Sum', '')]),
        graph('Commands failed, by kind and reason', [search(METRIC.commandFailed, [DIMENSION.kind, DIMENSION.reason], 'Sum', '')]),
      ],
      [
        graph('Accept → completed, p50 (ms)', [search(METRIC.timeToComplete, [DIMENSION.kind], 'p50', '')]),
        graph('Accept → completed, p99 (ms)', [search(METRIC.timeToComplete, [DIMENSION.kind], 'p99', '')]),
        new cloudwatch.GraphWidget({
          title: 'Reconciliation: violations (left), items read (right)',
          left: [businessMetric(METRIC.reconciliationViolations, 'Maximum')],
          right: [businessMetric(METRIC.reconciliationItems, 'Maximum')],
          width: THIRD,
          height: HEIGHT,
        }),
      ],
    ];
  }

  private apis({ restApi, webSocketApi }: DashboardProps): cloudwatch.IWidget[][] {
    const ws = (metricName: string, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: webSocketApi.apiId },
        statistic,
        period: PERIOD,
      });
    return [
      [new cloudwatch.TextWidget({ markdown: '## APIs', width: FULL, height: 1 })],
      [
        new cloudwatch.GraphWidget({
          title: 'REST requests, 4XX, 5XX',
          left: [
            restApi.metricCount({ period: PERIOD }),
            restApi.metricClientError({ period: PERIOD }),
            restApi.metricServerError({ period: PERIOD }),
          ],
          width: THIRD,
          height: HEIGHT,
        }),
        new cloudwatch.GraphWidget({
          title: 'REST latency p50 / p99, integration p99 (ms)',
          left: [
            restApi.metricLatency({ period: PERIOD, statistic: 'p50' }),
            restApi.metricLatency({ period: PERIOD, statistic: 'p99' }),
            restApi.metricIntegrationLatency({ period: PERIOD, statistic: 'p99' }),
          ],
          width: THIRD,
          height: HEIGHT,
        }),
        new cloudwatch.GraphWidget({
          title: 'WebSocket connects, messages, errors',
          left: [ws('ConnectCount'), ws('MessageCount')],
          right: [ws('ClientError'), ws('IntegrationError'), ws('ExecutionError')],
          width: THIRD,
          height: HEIGHT,
        }),
      ],
    ];
  }

  /** Invocations and errors (left) and p99 duration (right) of a function. */
  private functionGraph(title: string, fn: lambda.IFunction, width: number, extra: cloudwatch.IMetric[] = []): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({
      title,
      left: [fn.metricInvocations({ period: PERIOD }), fn.metricErrors({ period: PERIOD }), ...extra],
      right: [fn.metricDuration({ period: PERIOD, statistic: 'p99' })],
      width,
      height: HEIGHT,
    });
  }

  private routes({ manifest, functionOf }: DashboardProps): cloudwatch.IWidget[][] {
    const widgets = manifest.routes.map((route) => this.functionGraph(`${route.method} ${route.path}`, functionOf(route.handler), THIRD));
    return [[new cloudwatch.TextWidget({ markdown: '## Routes: invocations, errors, p99 duration', width: FULL, height: 1 })], widgets];
  }

  private queues({ manifest, messaging }: DashboardProps): cloudwatch.IWidget[][] {
    const widgets = manifest.queues.map((spec) => {
      const queue = messaging.queues[spec.name] as NonNullable<(typeof messaging.queues)[string]>;
      const dlq = messaging.deadLetterQueues[dlqName(spec)] as NonNullable<(typeof messaging.queues)[string]>;
      return new cloudwatch.GraphWidget({
        title: `Queue ${spec.name}: waiting, in flight, DLQ (left), oldest age s (right)`,
        left: [
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
          queue.metricApproximateNumberOfMessagesNotVisible({ period: PERIOD, statistic: 'Maximum' }),
          dlq.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: `${dlqName(spec)} waiting` }),
        ],
        right: [queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' })],
        width: QUARTER,
        height: HEIGHT,
      });
    });
    return [[new cloudwatch.TextWidget({ markdown: '## Queues', width: FULL, height: 1 })], widgets];
  }

  private processors({ manifest, functionOf }: DashboardProps): cloudwatch.IWidget[][] {
    const widgets = manifest.queues.map((spec) => {
      const fn = functionOf(spec.processor);
      const concurrency = new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'ConcurrentExecutions',
        dimensionsMap: { FunctionName: fn.functionName },
        statistic: 'Maximum',
        period: PERIOD,
      });
      return this.functionGraph(`Processor of ${spec.name}: runs, errors, throttles, concurrency`, fn, QUARTER, [
        fn.metricThrottles({ period: PERIOD }),
        concurrency,
      ]);
    });
    return [[new cloudwatch.TextWidget({ markdown: '## Processors', width: FULL, height: 1 })], widgets];
  }

  private schedulesAndRules({ manifest, functionOf, messaging }: DashboardProps): cloudwatch.IWidget[][] {
    const schedules = manifest.schedules.map((s) =>
      this.functionGraph(`Schedule ${s.name} (every ${s.everyMinutes} min)`, functionOf(s.handler), QUARTER),
    );
    const rules = manifest.rules.map((spec) => {
      const rule = messaging.rules[spec.name] as NonNullable<(typeof messaging.rules)[string]>;
      return new cloudwatch.GraphWidget({
        title: `Rule ${spec.name} → ${spec.queue}`,
        left: ['Invocations', 'FailedInvocations', 'InvocationsSentToDlq', 'InvocationsFailedToBeSentToDlq'].map((name) =>
          messaging.ruleMetric(rule, name).with({ period: PERIOD }),
        ),
        width: QUARTER,
        height: HEIGHT,
      });
    });
    return [[new cloudwatch.TextWidget({ markdown: '## Schedules and event rules', width: FULL, height: 1 })], [...schedules, ...rules]];
  }
}
