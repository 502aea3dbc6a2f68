/**
 * Business metrics as CloudWatch embedded metric format (Powertools Metrics): one JSON log
 * line per call, which CloudWatch turns into metrics with no API call and no latency on the
 * caller's path. Safe to call from any handler: a metric that cannot be emitted is logged and
 * dropped, never thrown into the money path. Under the local runtime (POWERTOOLS_DEV) nothing is
 * printed.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger';
import { DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names';

/** Made on first use: Powertools reads its environment (POWERTOOLS_DEV, …) when it is constructed, which a process may set after importing this. */
let instance: Metrics | undefined;
const metricsOf = (): Metrics => {
  instance ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  return instance;
};

/** CloudWatch dimension values: 1–1,024 characters. */
const MAX_DIMENSION_CHARS = 1024;
const dimensionValue = (value: string): string => (value === '' ? 'unknown' : value.slice(0, MAX_DIMENSION_CHARS));

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];
type Value = readonly [name: string, unit: Unit, value: number];

/** Adds and publishes in one synchronous step, so calls from concurrent invocations never mix. */
function emit(dimensions: Readonly<Record<string, string>>, values: readonly Value[]): void {
  const metrics = metricsOf();
  try {
    for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, dimensionValue(value));
    for (const [name, unit, value] of values) if (Number.isFinite(value)) metrics.addMetric(name, unit, value);
    metrics.publishStoredMetrics();
  } catch (error) {
    metrics.clearMetrics();
    metrics.clearDimensions();
    logger.warn('business metric dropped', { error: error as Error, dimensions });
  }
}

/** A command was accepted (answered 202). `kind`: transfer, deposit, purchase, expense, … */
export function commandAccepted(kind: string): void {
  emit({ [DIMENSION.kind]: kind }, [[METRIC.commandAccepted, MetricUnit.Count, 1]]);
}

/** A command completed, `msFromAccept` after its acceptance (its record's `createdAt`). */
export function commandCompleted(kind: string, msFromAccept: number): void {
  emit({ [DIMENSION.kind]: kind }, [
    [METRIC.commandCompleted, MetricUnit.Count, 1],
    [METRIC.timeToComplete, MetricUnit.Milliseconds, Math.max(0, msFromAccept)],
  ]);
}

/** A command failed with `reason` (its `failureReason`: INSUFFICIENT_FUNDS, OUT_OF_STOCK, …). */
export function commandFailed(kind: string, reason: string): void {
  emit({ [DIMENSION.kind]: kind, [DIMENSION.reason]: reason }, [[METRIC.commandFailed, MetricUnit.Count, 1]]);
}

/** The outcome of one reconciliation, which the reconciliation alarm watches. */
export function reconciliationFinished(outcome: { readonly passed: boolean; readonly violations: number; readonly items: number }): void {
  emit({}, [
    [METRIC.reconciliationFailed, MetricUnit.Count, outcome.passed ? 0 : 1],
    [METRIC.reconciliationViolations, MetricUnit.Count, outcome.violations],
    [METRIC.reconciliationItems, MetricUnit.Count, outcome.items],
  ]);
}
